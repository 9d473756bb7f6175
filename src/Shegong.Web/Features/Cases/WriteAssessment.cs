using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>预估: problems, strengths, risk (the level and a note), family and support network, the station's checklist answered.</summary>
public static class WriteAssessment
{
    public sealed record Command(Guid CaseId, int Version, string? Problems, string? Strengths, RiskLevel? Risk, string? RiskNote,
        string? FamilyAndSupport, IReadOnlyList<ChecklistItem>? Checklist);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default) =>
            CaseWrites.ChangeAsync(db, l, c.CaseId, c.Version, (x, _) =>
            {
                x.WriteAssessment(AssessmentRecord.Checked(c.Problems, c.Strengths, c.RiskNote, c.FamilyAndSupport, c.Checklist));
                if (c.Risk is { } risk && risk != x.Risk) x.SetRisk(risk);
            }, ct);
    }
}
