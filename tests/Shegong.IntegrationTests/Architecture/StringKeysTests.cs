using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Shegong.Domain.Access;
using Shegong.Domain.Activities;
using Shegong.Domain.Audit;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Domain.Statistics;
using Shegong.Domain.Visits;
using Shegong.Domain.Wishes;
using Shegong.Web;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.IntegrationTests.Architecture;

/// <summary>
/// Every string key the code asks for exists in Chinese (the default) and in English, read from the resources the
/// build generated out of the modules' Strings.tsv. Keys are found in the sources: literals shaped like a key
/// ("Wish.Claimed", also those handed to DomainException, RuleError or LocalizedArg), and keys built from a prefix
/// plus a value (L["Role." + r], L[$"Tier.{t}"]), whose values are enumerated below.
/// Needs no database: it reads files and embedded resources only.
/// </summary>
public sealed partial class StringKeysTests(ITestOutputHelper output)
{
    private static readonly Lazy<Strings> Loaded = new(Strings.Load);

    /// <summary>Each dynamic prefix the code uses, with every value it can be completed with; null when not enumerable (why beside it).</summary>
    private static Dictionary<string, IEnumerable<string>?> DynamicKeys(string root) => new()
    {
        ["Activities.Field."] = null, // the field a rule of Shegong.Domain.Activities names (as Field.)
        ["ActivityKind."] = Names<ActivityKind>(),
        ["GroupAttainment."] = Names<GroupAttainment>(),
        ["GroupStage."] = Names<GroupStage>(),
        ["GroupType."] = Names<GroupType>(),
        ["Assistance."] = Flags<AssistanceKinds>(),
        ["AuditAction."] = Names<AuditAction>(),
        ["Attainment."] = Names<Shegong.Domain.Cases.Attainment>(),
        ["Cases.Tab."] = ["open", "approval", "closed", "all"],
        ["Cases.Checklist.Default."] = Enumerable.Range(1, Shegong.Web.Features.Cases.CaseChecklists.DefaultCount).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        ["CaseAction."] = Names<Shegong.Domain.Cases.CaseAction>(),
        ["CaseDocument."] = Names<Shegong.Domain.Cases.CaseDocument>(),
        ["CaseSource."] = Names<Shegong.Domain.Cases.CaseSource>(),
        ["CaseStage."] = Names<Shegong.Domain.Cases.CaseStage>(),
        ["TaskKind."] = Names<Shegong.Domain.Cases.TaskKind>(),
        ["TaskBucket."] = Names<Shegong.Domain.Cases.TaskBucket>(),
        ["Tasks.Weekday."] = Enumerable.Range(0, 7).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        ["Meetings.TooLong"] = [Shegong.Domain.Cases.LinkageMeeting.NameMax.ToString(CultureInfo.InvariantCulture), Shegong.Domain.Cases.LinkageMeeting.TextMax.ToString(CultureInfo.InvariantCulture)],
        ["ChecklistAnswer."] = Names<Shegong.Domain.Cases.ChecklistAnswer>(),
        ["ClosingReason."] = Names<Shegong.Domain.Cases.ClosingReason>(),
        ["ConfirmationAnswer."] = Names<Shegong.Domain.Cases.ConfirmationAnswer>(),
        ["ConfirmationMethod."] = Names<Shegong.Domain.Cases.ConfirmationMethod>(),
        ["ContactMethod."] = Names<Shegong.Domain.Cases.ContactMethod>(),
        ["ReceiverKind."] = Names<Shegong.Domain.Cases.ReceiverKind>(),
        ["ReferralStatus."] = Names<Shegong.Domain.Cases.ReferralStatus>(),
        ["RiskLevel."] = Names<Shegong.Domain.Cases.RiskLevel>(),
        ["SharedField."] = Flags<Shegong.Domain.Cases.SharedField>(),
        ["SupervisionKind."] = Names<Shegong.Domain.Cases.SupervisionKind>(),
        ["AuditSay."] = Names<AuditAction>(),
        // Changed fields as logged (property names of any entity); AuditPage counts those without a label ("其他 2 项").
        ["AuditField."] = null,
        ["ClaimStatus."] = Names<ClaimStatus>(),
        ["ClaimSource."] = Names<ClaimSource>(),
        ["ClaimantType."] = Names<ClaimantType>(),
        ["Dashboard.Cadence."] = Names<Shegong.Web.Features.Statistics.GetDashboard.Cadence>(),
        ["Dashboard.Current."] = Names<Shegong.Web.Features.Statistics.GetDashboard.Cadence>(),
        ["Dashboard.Last."] = Names<Shegong.Web.Features.Statistics.GetDashboard.Cadence>(),
        // DashboardPage labels the sort columns; name, onFile and overdue have labels of their own there.
        ["Dashboard.Col."] = Shegong.Web.Features.Statistics.GetDashboard.SortKeys.Except(["name", "onFile", "overdue"]),
        ["Disability.Category"] = Enumerable.Range(1, 7).Select(i => i.ToString(CultureInfo.InvariantCulture)), // PersonDetails: 1–7
        ["FulfilmentGroup."] = Names<FulfilmentGroup>(),
        ["Gender."] = Names<Gender>(),
        ["Guardianship."] = Names<GuardianshipAssessment>(),
        ["Identity."] = typeof(ChineseIdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(Microsoft.AspNetCore.Identity.IdentityError)).Select(m => m.Name),
        ["LegalBasis."] = Names<LegalBasis>(),
        ["Living."] = Names<LivingArrangement>(),
        ["NeedCategory."] = Names<NeedCategory>(),
        ["OfferStatus."] = Names<OfferStatus>(),
        ["PersonStatus."] = Names<PersonStatus>(),
        ["PersonSheet.Note."] = Names<Shegong.Web.Features.Registry.PersonSheet.Col>(),
        ["PersonSheet.Required."] = Names<Shegong.Web.Features.Registry.PersonSheet.Col>(),
        ["PersonType."] = Flags<PersonTypes>(),
        ["RegionLevel."] = Names<RegionLevel>(),
        ["Relation."] = Names<HouseholdRelation>(),
        ["ResidenceStatus."] = Names<ResidenceStatus>(),
        ["Role."] = Roles.All,
        ["SelfCare."] = Names<SelfCareAbility>(),
        ["SixHas."] = Names<SixHasItem>(),
        ["StationStatus."] = Names<StationStatus>(),
        ["Tier."] = Names<FollowUpTier>(),
        ["VisitMethod."] = Names<VisitMethod>(),
        ["Weekday."] = Names<DayOfWeek>(),
        // Wish.Transition("Submit") etc.: the actions a refused transition names.
        ["WishAction."] = TransitionActions().Matches(File.ReadAllText(Path.Combine(root, "src/Shegong.Domain/Wishes/Wish.cs")))
            .Select(m => m.Groups[1].Value).Distinct(),
        ["WishCategory."] = Names<WishCategory>(),
        ["WishCategory.Icon"] = Enum.GetValues<WishCategory>().Select(c => ((int)c).ToString(CultureInfo.InvariantCulture)),
        ["WishGroup."] = Names<WishGroup>(),
        ["WishKind."] = Names<WishKind>(),
        ["WishStatus."] = Names<WishStatus>(),
        // Field names come from forms and rule errors (d.Field, e.Field); every caller shows the message alone when a
        // field has no label (ResourceNotFound), so a missing one is not an error.
        ["Field."] = null,
        // Audit entries name EF entity types; AuditPage shows the type name itself when it has no label.
        ["Entity."] = null,
    };

    [Fact]
    public void Every_key_the_code_uses_exists_in_Chinese_and_in_English()
    {
        var s = Loaded.Value;
        var problems = new List<string>();
        foreach (var (key, where) in s.UsedKeys().OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(s.Chinese.GetValueOrDefault(key))) problems.Add($"{key}: no Chinese (default) text — used in {where}");
            if (string.IsNullOrWhiteSpace(s.English.GetValueOrDefault(key))) problems.Add($"{key}: no English text — used in {where}");
        }
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public void Every_key_built_from_a_prefix_is_enumerated_here()
    {
        var s = Loaded.Value;
        var known = DynamicKeys(s.Root);
        var unknown = s.DynamicPrefixes.Where(p => !known.ContainsKey(p.Key))
            .Select(p => $"\"{p.Key}\" + … in {p.Value}: add it to StringKeysTests.DynamicKeys with the values it can take").ToList();
        unknown.ShouldBeEmpty(string.Join("\n", unknown));
    }

    [Fact]
    public void Both_languages_have_the_same_keys()
    {
        var s = Loaded.Value;
        s.Chinese.Keys.Except(s.English.Keys).ShouldBeEmpty();
        s.English.Keys.Except(s.Chinese.Keys).ShouldBeEmpty();
    }

    /// <summary>Lists keys that no source mentions; it never fails (some keys are built in ways the scan cannot see).</summary>
    [Fact]
    public void Keys_used_nowhere_are_listed()
    {
        var s = Loaded.Value;
        var used = s.UsedKeys().Keys.ToHashSet(StringComparer.Ordinal);
        var dynamic = s.DynamicPrefixes.Keys.ToList();
        var unused = s.Chinese.Keys.Where(k => !used.Contains(k) && !dynamic.Any(p => k.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{unused.Count} keys used nowhere the scan can see:");
        foreach (var k in unused) output.WriteLine(k);
        if (Environment.GetEnvironmentVariable("SHEGONG_TEST_OUTPUT") is { Length: > 0 } dir)
            File.WriteAllLines(Path.Combine(dir, "unused-string-keys.txt"), unused);
        unused.Count.ShouldBeLessThan(s.Chinese.Count);
    }

    private static IEnumerable<string> Names<T>() where T : struct, Enum => Enum.GetNames<T>();

    private static IEnumerable<string> Flags<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToInt64(v, CultureInfo.InvariantCulture) is var n && n != 0 && (n & (n - 1)) == 0).Select(v => v.ToString());

    [GeneratedRegex(@"Transition\(""(\w+)""\)")]
    private static partial Regex TransitionActions();

    private sealed partial class Strings
    {
        public required string Root { get; init; }
        public required Dictionary<string, string> Chinese { get; init; }
        public required Dictionary<string, string> English { get; init; }
        /// <summary>Key-shaped literals and the first file each appears in.</summary>
        public required Dictionary<string, string> Literals { get; init; }
        /// <summary>Localizer calls that build a key from a prefix, and the first file each appears in.</summary>
        public required Dictionary<string, string> DynamicPrefixes { get; init; }

        private HashSet<string> Prefixes => field ??= Chinese.Keys.Select(k => k[..(k.IndexOf('.') + 1)]).ToHashSet(StringComparer.Ordinal);

        /// <summary>Literal keys (of a prefix the resources know, or written straight into a localizer call) and every completion of a dynamic prefix.</summary>
        public Dictionary<string, string> UsedKeys()
        {
            var used = Literals.Where(l => Prefixes.Contains(l.Key[..(l.Key.IndexOf('.') + 1)]) || LocalizerLiterals.Contains(l.Key))
                .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            foreach (var (prefix, values) in DynamicKeys(Root))
            {
                if (values is null || !DynamicPrefixes.TryGetValue(prefix, out var where)) continue;
                foreach (var v in values) used.TryAdd(prefix + v, where + $" (\"{prefix}\" + {v})");
            }
            return used;
        }

        private HashSet<string> LocalizerLiterals { get; init; } = [];

        public static Strings Load()
        {
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Shegong.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Shegong.slnx not found above the test binaries");
            var manager = new ResourceManager("Shegong.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
            var literals = new Dictionary<string, string>(StringComparer.Ordinal);
            var inLocalizer = new HashSet<string>(StringComparer.Ordinal);
            var dynamic = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                         .Where(f => !Regex.IsMatch(f, @"[/\\](bin|obj|Migrations)[/\\]")).Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                var shown = Path.GetRelativePath(root, file).Replace('\\', '/');
                foreach (Match m in KeyLiteral().Matches(text)) literals.TryAdd(m.Groups["key"].Value, shown);
                foreach (Match m in LocalizerLiteral().Matches(text)) inLocalizer.Add(m.Groups["key"].Value);
                foreach (Match m in DynamicKey().Matches(text)) dynamic.TryAdd(m.Groups["prefix"].Value, shown);
            }
            return new Strings
            {
                Root = root,
                Chinese = Read(manager, CultureInfo.InvariantCulture),
                English = Read(manager, new CultureInfo("en")),
                Literals = literals,
                LocalizerLiterals = inLocalizer,
                DynamicPrefixes = dynamic,
            };
        }

        /// <summary>One culture's own resources, without falling back to the default (an English gap must show).</summary>
        private static Dictionary<string, string> Read(ResourceManager manager, CultureInfo culture)
        {
            var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                ?? throw new InvalidOperationException($"no resources for '{culture.Name}'");
            return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);
        }

        // "Wish.Claimed", "Field.PersonName" — a string literal shaped like a key.
        // Not a cref="Wish.ClaimUnits" in a doc comment, not a prefix ("Disability.Category" + n).
        [GeneratedRegex(@"(?<!cref=)""(?<key>[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)""(?!\s*\+)")]
        private static partial Regex KeyLiteral();

        // L["X.Y"], l["X.Y", arg], Localizer["X.Y"]: a literal key whatever its prefix.
        [GeneratedRegex(@"\b(?:L|l|Localizer|localizer)\[\s*""(?<key>[A-Za-z0-9]+\.[A-Za-z0-9.]+)""")]
        private static partial Regex LocalizerLiteral();

        // L["Role." + r], l[cond ? "A.B" : "Field." + f], L[$"Tier.{t}"], new LocalizedArg("WishStatus." + s).
        [GeneratedRegex(@"(?:\b(?:L|l|Localizer|localizer)\[|LocalizedArg\()[^\]\n;]*?(?:""(?<prefix>[A-Z][A-Za-z0-9]*\.[A-Za-z0-9.]*)""\s*\+|\$""(?<prefix>[A-Z][A-Za-z0-9]*\.[A-Za-z0-9.]*)\{)")]
        private static partial Regex DynamicKey();
    }
}
