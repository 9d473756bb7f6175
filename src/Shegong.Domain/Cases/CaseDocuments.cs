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
            Item = Guard.Required(c.Item, $"Checklist[{i}].Item", 200),
            Note = Guard.Optional(c.Note, $"Checklist[{i}].Note", 500),
        }).ToList();
        if (items.Any(c => !Enum.IsDefined(c.Answer))) throw new DomainException("Checklist", "Error.Required");
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
            try
            {
                var g = Guard.Required(goal, $"Goals[{i}].Goal", TextMax);
                var m = Guard.Required(measures, $"Goals[{i}].Measures", TextMax);
                if (target is not { } t) throw new DomainException($"Goals[{i}].TargetDate", "Error.Required");
                if (t < today.AddYears(-1)) throw new DomainException($"Goals[{i}].TargetDate", "Cases.TargetDateTooEarly");
                list.Add(new PlanGoal(i + 1, g, m, t));
            }
            catch (DomainException e) { errors.Add(e); }
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
public sealed record ClosingRecord(ClosingReason Reason = 0, string Outcome = "", int Episode = 0)
{
    public const int TextMax = 4000;
    public bool IsWritten => Reason != 0;
}
