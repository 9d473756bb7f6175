using Shegong.Domain.Common;

namespace Shegong.Domain.Cases;

// The documents of a case, each kept in one encrypted column of the case (narrative text is the most sensitive data
// in the system). An empty record is a document not yet written.

/// <summary>接案表: the presenting problem and what the person asks for; how the intake ended when not taken.</summary>
public sealed record IntakeRecord(string PresentingProblem = "", string Request = "", string NotTakenReason = "", string ReferredElsewhereTo = "")
{
    public const int TextMax = 2000;
    public bool IsWritten => PresentingProblem.Length > 0;

    public static IntakeRecord Checked(string? problem, string? request) =>
        new(Guard.Required(problem, "PresentingProblem", TextMax), Guard.Optional(request, "Request", TextMax));
}

/// <summary>One item of the station's assessment checklist and its answer.</summary>
public sealed record ChecklistItem(string Item, ChecklistAnswer Answer, string Note = "");

/// <summary>预估: problems, strengths, risk, family and support network, the station's checklist.</summary>
public sealed record AssessmentRecord(string Problems = "", string Strengths = "", string RiskNote = "", string FamilyAndSupport = "",
    IReadOnlyList<ChecklistItem>? Checklist = null)
{
    public const int TextMax = 4000;
    public bool IsWritten => Problems.Length > 0;
    public IReadOnlyList<ChecklistItem> Items => Checklist ?? [];

    public static AssessmentRecord Checked(string? problems, string? strengths, string? riskNote, string? family, IReadOnlyList<ChecklistItem>? checklist)
    {
        var items = (checklist ?? []).Select((c, i) => c with
        {
            Item = c.Item is { Length: > 0 and <= 200 } item ? item.Trim()
                : throw new DomainException($"Checklist[{i}].Item", "Cases.ChecklistRow", i + 1, new LocalizedArg("Error.Required")),
            Note = (c.Note ?? "").Length <= 500 ? (c.Note ?? "").Trim()
                : throw new DomainException($"Checklist[{i}].Note", "Cases.ChecklistRow", i + 1, new LocalizedArg("Cases.NoteTooLong")),
            Answer = Enum.IsDefined(c.Answer) ? c.Answer
                : throw new DomainException($"Checklist[{i}].Answer", "Cases.ChecklistRow", i + 1, new LocalizedArg("Error.Required")),
        }).ToList();
        return new(Guard.Required(problems, "Problems", TextMax), Guard.Optional(strengths, "Strengths", TextMax),
            Guard.Optional(riskNote, "RiskNote", TextMax), Guard.Optional(family, "FamilyAndSupport", TextMax), items);
    }
}

/// <summary>A goal of the service plan: what, the measures, the target date. Numbered from 1 within the plan.</summary>
public sealed record PlanGoal(int Number, string Goal, string Measures, DateOnly TargetDate);

/// <summary>服务计划.</summary>
public sealed record PlanRecord(IReadOnlyList<PlanGoal>? Goals = null)
{
    public const int TextMax = 1000, GoalsMax = 20;
    public IReadOnlyList<PlanGoal> Items => Goals ?? [];
    public bool IsWritten => Items.Count > 0;

    public static PlanRecord Checked(IReadOnlyList<(string? Goal, string? Measures, DateOnly? TargetDate)> goals, DateOnly today)
    {
        if (goals.Count == 0) throw new DomainException("Goals", "Cases.PlanNeedsGoal");
        if (goals.Count > GoalsMax) throw new DomainException("Goals", "Cases.TooMany", GoalsMax);
        var errors = new List<DomainException>();
        var list = new List<PlanGoal>();
        for (var i = 0; i < goals.Count; i++)
        {
            var (goal, measures, target) = goals[i];
            // Each message names the goal's row and its field ("第 2 个目标的措施：必填").
            string Text(string? v, string field)
            {
                try { return Guard.Required(v, field, TextMax); }
                catch (DomainException e) { errors.Add(new DomainException($"Goals[{i}].{field}", "Cases.GoalField", i + 1, new LocalizedArg("Field." + field), new LocalizedArg(e.Code == "Error.TooLong" ? "Cases.GoalTooLong" : e.Code))); return ""; }
            }
            var g = Text(goal, "Goal");
            var m = Text(measures, "Measures");
            if (target is not { } t)
                errors.Add(new DomainException($"Goals[{i}].TargetDate", "Cases.GoalField", i + 1, new LocalizedArg("Field.TargetDate"), new LocalizedArg("Error.Required")));
            else if (t < today.AddYears(-1))
                errors.Add(new DomainException($"Goals[{i}].TargetDate", "Cases.GoalField", i + 1, new LocalizedArg("Field.TargetDate"), new LocalizedArg("Cases.TargetDateTooEarly")));
            else list.Add(new PlanGoal(i + 1, g, m, t));
        }
        if (errors.Count > 0) throw DomainException.Many(errors);
        return new(list);
    }
}

/// <summary>The attainment of one goal of the plan.</summary>
public sealed record GoalAttainment(int GoalNumber, Attainment Attainment, string Comment = "");

/// <summary>评估: attainment per goal of the plan and a summary; <see cref="Episode"/> is the case's episode it was made in (a reopened case is evaluated again).</summary>
public sealed record EvaluationRecord(IReadOnlyList<GoalAttainment>? Goals = null, string Summary = "", int Episode = 0)
{
    public const int TextMax = 4000;
    public IReadOnlyList<GoalAttainment> Items => Goals ?? [];
    public bool IsWritten => Summary.Length > 0;
}

/// <summary>结案报告.</summary>
public sealed record ClosingRecord(ClosingReason? Reason = null, string Outcome = "", int Episode = 0)
{
    public const int TextMax = 4000;
    public bool IsWritten => Reason is not null;
}
