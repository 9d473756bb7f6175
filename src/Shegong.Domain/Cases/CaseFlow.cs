using Shegong.Domain.Common;

namespace Shegong.Domain.Cases;

public enum CaseDocument { Intake, Assessment, Plan, Note, Evaluation }

/// <summary>
/// The stage rules of a case, in one place. Stages go one at a time 接案 → 预估 → 计划 → 介入 → 评估; each move needs
/// the document of the stage it leaves (intake form, assessment, a plan with goals, at least the intervention begun,
/// the evaluation); 结案 needs the evaluation and closing report of the current episode, a closing asked for, and the
/// station manager's approval; an intake may end "not taken, referred elsewhere"; a closed case takes no notes or
/// documents and may be reopened with a reason. Refusals are <see cref="DomainException"/>s with a message key.
/// </summary>
public static class CaseFlow
{
    /// <summary>The stage after each (the order of MZ/T 094-2017); closing is not a plain move (it needs approval).</summary>
    public static CaseStage? Next(CaseStage stage) => stage switch
    {
        CaseStage.Intake => CaseStage.Assessment,
        CaseStage.Assessment => CaseStage.Planning,
        CaseStage.Planning => CaseStage.Intervention,
        CaseStage.Intervention => CaseStage.Evaluation,
        _ => null,
    };

    /// <summary>The stages in which each document may be written (and revised).</summary>
    public static bool AllowsDocument(CaseStage stage, CaseDocument doc) => doc switch
    {
        CaseDocument.Intake => stage == CaseStage.Intake,
        CaseDocument.Assessment => stage is CaseStage.Assessment or CaseStage.Planning or CaseStage.Intervention,
        CaseDocument.Plan => stage is CaseStage.Planning or CaseStage.Intervention,
        CaseDocument.Note => stage is CaseStage.Intake or CaseStage.Assessment or CaseStage.Planning or CaseStage.Intervention or CaseStage.Evaluation,
        CaseDocument.Evaluation => stage == CaseStage.Evaluation,
        _ => false,
    };

    public static void EnsureWritable(Case c)
    {
        if (!c.IsOpen) throw new DomainException("Stage", "Cases.Closed");
    }

    public static void EnsureDocument(Case c, CaseDocument doc)
    {
        EnsureWritable(c);
        if (c.ClosingRequestedOn is not null && doc != CaseDocument.Note) throw new DomainException("Stage", "Cases.ClosingPending");
        if (!AllowsDocument(c.Stage, doc)) throw new DomainException("Stage", "Cases.DocumentNotInStage", new LocalizedArg("CaseDocument." + doc), new LocalizedArg("CaseStage." + c.Stage));
    }

    public static void EnsureAdvance(Case c, CaseStage to)
    {
        EnsureWritable(c);
        if (to == CaseStage.Closed) throw new DomainException("Stage", "Cases.CloseNeedsApproval");
        if (Next(c.Stage) != to) throw new DomainException("Stage", "Cases.SkipRefused", new LocalizedArg("CaseStage." + c.Stage), new LocalizedArg("CaseStage." + to));
        var missing = c.Stage switch
        {
            CaseStage.Intake when !c.Intake.IsWritten => CaseDocument.Intake,
            CaseStage.Assessment when !c.Assessment.IsWritten => CaseDocument.Assessment,
            CaseStage.Planning when !c.Plan.IsWritten => CaseDocument.Plan,
            _ => (CaseDocument?)null,
        };
        if (missing is { } m) throw new DomainException("Stage", "Cases.DocumentMissing", new LocalizedArg("CaseDocument." + m));
    }

    public static void EnsureDecline(Case c)
    {
        if (c.Stage != CaseStage.Intake) throw new DomainException("Stage", "Cases.DeclineOnlyAtIntake");
    }

    public static void EnsureClosingRequest(Case c)
    {
        EnsureWritable(c);
        if (c.Stage != CaseStage.Evaluation) throw new DomainException("Stage", "Cases.CloseOnlyAfterEvaluation");
        if (!c.Evaluation.IsWritten || c.Evaluation.Episode != c.Episode) throw new DomainException("Stage", "Cases.CloseNeedsEvaluation");
        if (c.ClosingRequestedOn is not null) throw new DomainException("Stage", "Cases.ClosingPending");
    }

    public static void EnsureApproval(Case c, bool approverIsStationManager)
    {
        EnsureWritable(c);
        if (!approverIsStationManager) throw new DomainException("Stage", "Cases.ApprovalByManager");
        if (c.ClosingRequestedOn is null || !c.Closing.IsWritten || c.Closing.Episode != c.Episode)
            throw new DomainException("Stage", "Cases.NoClosingRequested");
        if (!c.Evaluation.IsWritten || c.Evaluation.Episode != c.Episode) throw new DomainException("Stage", "Cases.CloseNeedsEvaluation");
    }

    public static void EnsureReopen(Case c)
    {
        if (c.Stage != CaseStage.Closed) throw new DomainException("Stage", "Cases.ReopenOnlyClosed");
    }
}
