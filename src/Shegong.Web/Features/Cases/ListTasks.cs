using Shegong.Web.Features.Cases.Contracts;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// 我的任务: the signed-in worker's tasks due today, this week and overdue, from next contacts, plan target dates,
/// referral feedback deadlines and meeting decisions (<see cref="WorkerTasks"/>). Overdue referrals are part of it
/// (there is no second list).
/// </summary>
public static class ListTasks
{
    public const int MaxItems = 200;

    public sealed record Query(int Limit = MaxItems);

    public sealed class Handler(ShegongDbContext db)
    {
        public Task<WorkerTasks.Result> HandleAsync(Query q, CancellationToken ct = default) =>
            db.WorkerTasksAsync(Math.Clamp(q.Limit, 0, MaxItems), ct);
    }
}
