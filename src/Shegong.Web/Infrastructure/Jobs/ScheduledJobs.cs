using Quartz;
using Shegong.Web.Features;

namespace Shegong.Web.Infrastructure.Jobs;

/// <summary>The modules' scheduled jobs on Quartz.NET.</summary>
public static class ScheduledJobs
{
    /// <summary>RAM store: each node runs every job, so every job is idempotent. Off with <c>Jobs:Enabled=false</c> (tests).</summary>
    public static IServiceCollection AddShegongJobs(this IServiceCollection services, IConfiguration config, IReadOnlyList<ScheduledJob> jobs)
    {
        services.AddQuartz(q =>
        {
            foreach (var job in jobs)
            {
                var key = new JobKey(job.Key);
                q.AddJob(job.JobType, j => j.WithIdentity(key));
                q.AddTrigger(t => t.ForJob(key).StartAt(DateTimeOffset.UtcNow.Add(job.FirstRunAfter))
                    .WithSimpleSchedule(s => s.WithInterval(job.Interval).RepeatForever()));
            }
        });
        foreach (var job in jobs) services.AddScoped(job.JobType);
        if (config.GetValue("Jobs:Enabled", true)) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
