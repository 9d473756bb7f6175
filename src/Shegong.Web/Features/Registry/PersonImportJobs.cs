using System.Collections.Concurrent;
using Shegong.Domain.Access;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Runs a ledger file's check or import after the request that asked for it, so that a large file shows its progress
/// ("已检查 35,000 行") and the worker may leave the page and come back. A job runs in its own scope, acting as the
/// user who started it (their data scope, their name in the audit log), and is found again by its upload id —
/// only by that user. Jobs live on the node that runs them and are forgotten a day later.
/// </summary>
public sealed class PersonImportJobs(IServiceScopeFactory scopes, ILogger<PersonImportJobs> log)
{
    public sealed class Job(string uploadId, Guid? userId, bool isImport, bool isUpdate = false)
    {
        public string UploadId { get; } = uploadId;
        public Guid? UserId { get; } = userId;
        public bool IsImport { get; } = isImport;
        /// <summary>An update by ID number: a preview (<see cref="Preview"/>) or its apply (<see cref="Applied"/>).</summary>
        public bool IsUpdate { get; } = isUpdate;
        public UpdatePersonsFromLedger.Preview? Preview { get; internal set; }
        public UpdatePersonsFromLedger.Outcome? Applied { get; internal set; }
        public DateTime StartedUtc { get; } = DateTime.UtcNow;
        public string Phase { get; internal set; } = "check";
        public int Rows { get; internal set; }
        public ImportPersons.Report? Report { get; internal set; }
        public ImportPersons.Result? Result { get; internal set; }
        public bool Failed { get; internal set; }
        /// <summary>Why it failed, when the user can act on it (the time limit); else a generic message is shown.</summary>
        public string? FailedMessage { get; internal set; }
        public Task Completion { get; internal set; } = Task.CompletedTask;
        public bool Finished => Completion.IsCompleted;
    }

    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    public Job StartCheck(string uploadId, DataScope scope, AuditIdentity who) =>
        Start(new Job(uploadId, who.UserId, isImport: false), scope, who, async (sp, job) =>
        {
            var uploads = sp.GetRequiredService<PersonImportUploads.Handler>();
            await using var stored = await uploads.OpenAsync(uploadId) ?? throw new InvalidOperationException("upload gone");
            var options = await uploads.OptionsAsync(uploadId);
            using (var log = uploads.CreateErrorLog(uploadId, sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()))
                job.Report = await sp.GetRequiredService<ImportPersons.Handler>().ValidateAsync(stored, options, Limit(sp), (phase, rows) => (job.Phase, job.Rows) = (phase, rows), log);
            await uploads.SaveReportAsync(uploadId, job.Report);
        });

    public Job StartImport(string uploadId, bool onlyValid, DataScope scope, AuditIdentity who) =>
        Start(new Job(uploadId, who.UserId, isImport: true), scope, who, async (sp, job) =>
        {
            var uploads = sp.GetRequiredService<PersonImportUploads.Handler>();
            await using var stored = await uploads.OpenAsync(uploadId) ?? throw new InvalidOperationException("upload gone");
            var options = await uploads.OptionsAsync(uploadId);
            var result = await sp.GetRequiredService<ImportPersons.Handler>().ImportAsync(stored, options, onlyValid, Limit(sp), (phase, rows) => (job.Phase, job.Rows) = (phase, rows));
            await uploads.SaveReportAsync(uploadId, result.Report);
            if (result.Imported) uploads.DeleteFile(uploadId);
            (job.Result, job.Report) = (result, result.Report);
        });

    public Job StartUpdatePreview(string uploadId, bool reveal, DataScope scope, AuditIdentity who) =>
        Start(new Job(uploadId, who.UserId, isImport: false, isUpdate: true), scope, who, async (sp, job) =>
        {
            var uploads = sp.GetRequiredService<PersonImportUploads.Handler>();
            await using var stored = await uploads.OpenAsync(uploadId) ?? throw new InvalidOperationException("upload gone");
            var options = await uploads.OptionsAsync(uploadId);
            uploads.DeleteErrorLog(uploadId);
            var preview = await sp.GetRequiredService<UpdatePersonsFromLedger.Handler>().PreviewAsync(stored, options, reveal, Limit(sp), (phase, rows) => (job.Phase, job.Rows) = (phase, rows));
            await uploads.SavePreviewAsync(uploadId, preview);
            await uploads.SaveReportAsync(uploadId, preview.Report);
            (job.Preview, job.Report) = (preview, preview.Report);
        });

    public Job StartUpdateApply(string uploadId, UpdatePersonsFromLedger.Preview seen, DataScope scope, AuditIdentity who) =>
        Start(new Job(uploadId, who.UserId, isImport: true, isUpdate: true), scope, who, async (sp, job) =>
        {
            var uploads = sp.GetRequiredService<PersonImportUploads.Handler>();
            await using var stored = await uploads.OpenAsync(uploadId) ?? throw new InvalidOperationException("upload gone");
            var options = await uploads.OptionsAsync(uploadId);
            var outcome = await sp.GetRequiredService<UpdatePersonsFromLedger.Handler>().ApplyAsync(stored, options, seen, Limit(sp), (phase, rows) => (job.Phase, job.Rows) = (phase, rows));
            if (outcome.Applied) uploads.DeleteFile(uploadId);
            (job.Applied, job.Preview, job.Report) = (outcome, outcome.Preview, outcome.Preview?.Report);
        });

    /// <summary>Seconds a check or an import may take (Import:TimeLimitSeconds, default 600) before it is stopped and rolled back.</summary>
    public static int TimeLimitSeconds(IConfiguration config) => config.GetValue("Import:TimeLimitSeconds", 600);

    /// <summary>A job outlives its request (the worker may leave the page), so it is bounded by time rather than by the connection.</summary>
    private static CancellationToken Limit(IServiceProvider sp) =>
        new CancellationTokenSource(TimeSpan.FromSeconds(TimeLimitSeconds(sp.GetRequiredService<IConfiguration>()))).Token;

    /// <summary>The caller's job for this upload, if this node runs or ran it.</summary>
    public Job? Find(string? uploadId, Guid? userId) =>
        uploadId is not null && _jobs.TryGetValue(uploadId, out var job) && job.UserId == userId ? job : null;

    private Job Start(Job job, DataScope scope, AuditIdentity who, Func<IServiceProvider, Job, Task> work)
    {
        foreach (var old in _jobs.Values.Where(j => j.Finished && j.StartedUtc < DateTime.UtcNow - PersonImportUploads.KeptFor))
            _jobs.TryRemove(old.UploadId, out _);
        _jobs[job.UploadId] = job;
        // Not the request's execution context (its HttpContext ends with it); only its language is carried over.
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        using var noFlow = ExecutionContext.SuppressFlow();
        job.Completion = Task.Run(async () =>
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = culture;
            using var serviceScope = scopes.CreateScope();
            var sp = serviceScope.ServiceProvider;
            sp.GetRequiredService<ScopeProvider>().Override = scope;
            sp.GetRequiredService<HttpAuditContext>().Override = who;
            var uploads = sp.GetRequiredService<PersonImportUploads.Handler>();
            if (job.IsImport) uploads.MarkRunning(job.UploadId);
            try { await work(sp, job); }
            catch (OperationCanceledException)
            {
                log.LogWarning("Ledger import job {UploadId} stopped at the time limit", job.UploadId);
                job.FailedMessage = sp.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>()["Import.TimedOut", TimeLimitSeconds(sp.GetRequiredService<IConfiguration>())];
                job.Failed = true;
            }
            catch (Exception e)
            {
                // The import's transaction has rolled back; the page says so and offers to try again.
                log.LogError(e, "Ledger import job {UploadId} failed", job.UploadId);
                job.Failed = true;
            }
            finally
            {
                if (job.IsImport) uploads.ClearRunning(job.UploadId);
            }
        });
        return job;
    }
}
