using Quartz;
using Shegong.Web.Features;

namespace Shegong.Web.Infrastructure.Jobs;

/// <summary>The modules' scheduled jobs on Quartz.NET.</summary>
public static class ScheduledJobs
{
    /// <summary>The prefix of Quartz's tables on PostgreSQL (created by the migration <c>QuartzClusteredStore</c>).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// On PostgreSQL the clustered ADO.NET store: every node shares the schedule in the database and each firing runs
    /// on one node only (row locks on <c>qrtz_locks</c>; a node that stops checking in has its firings recovered by
    /// another). On SQLite (one process by design) the RAM store. Every job stays idempotent all the same.
    /// Off with <c>Jobs:Enabled=false</c> (tests); <c>Jobs:&lt;key&gt;:FirstRunAfter</c> moves a job's first run.
    /// </summary>
    public static IServiceCollection AddShegongJobs(this IServiceCollection services, IConfiguration config, IReadOnlyList<ScheduledJob> jobs)
    {
        var postgres = (config["Database:Provider"] ?? "Sqlite").Equals("Postgres", StringComparison.OrdinalIgnoreCase);
        services.AddQuartz(q =>
        {
            // One scheduler name on every node (the cluster); each node its own generated instance id (AUTO).
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "Shegong";
                if (postgres) o.GenerateInstanceId = true;
            });
            if (postgres)
            {
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(config.GetConnectionString("Shegong")
                        ?? throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Shegong."));
                    s.ConfigureStore(o => o.TablePrefix = TablePrefix);
                    // The instance id is generated per node (host name and start time: AUTO).
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = config.GetValue("Jobs:CheckinInterval", TimeSpan.FromSeconds(15));
                        c.CheckinMisfireThreshold = config.GetValue("Jobs:CheckinMisfireThreshold", TimeSpan.FromSeconds(30));
                    });
                    s.UseSystemTextJsonSerializer();
                });
            }
            q.AddJobListener<JobRunLog>();
            foreach (var job in jobs)
            {
                var key = new JobKey(job.Key);
                var firstRun = config.GetValue($"Jobs:{job.Key}:FirstRunAfter", job.FirstRunAfter);
                // Durable: the job stays stored between the nodes' starts, whichever replaces its trigger.
                q.AddJob(job.JobType, j => j.WithIdentity(key).StoreDurably());
                q.AddTrigger(t => t.WithIdentity(job.Key).ForJob(key).StartAt(DateTimeOffset.UtcNow.Add(firstRun))
                    .WithSimpleSchedule(s => s.WithInterval(job.Interval).RepeatForever()));
            }
        });
        foreach (var job in jobs) services.AddScoped(job.JobType);
        if (config.GetValue("Jobs:Enabled", true)) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>One information line per run, naming the node (its scheduler instance id) that ran it.</summary>
public sealed class JobRunLog(ILogger<JobRunLog> log) : IJobListener
{
    public string Name => nameof(JobRunLog);

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (jobException is null)
            log.LogInformation("Scheduled job {Job} ran on node {Node} in {Milliseconds} ms", context.JobDetail.Key.Name,
                context.Scheduler.SchedulerInstanceId, (int)context.JobRunTime.TotalMilliseconds);
        else
            log.LogWarning(jobException, "Scheduled job {Job} failed on node {Node}", context.JobDetail.Key.Name, context.Scheduler.SchedulerInstanceId);
        return ValueTask.CompletedTask;
    }
}
