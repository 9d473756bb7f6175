// The round trip of GeneratedClientTests, written against the client Kiota generates from /openapi/v1.json: if a schema
// name, an enum, a nullable field or a response of the document is wrong, this does not compile or does not run.
// Arguments: base URL, worker, manager, password, community code. Prints one line per step; exit code 0 when all passed.
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Shegong.Client;
using Shegong.Client.Models;

var (baseUrl, workerName, managerName, password, community) = (args[0], args[1], args[2], args[3], args[4]);
var today = DateTime.Today;
try
{
    var anonymous = Client(null);
    var worker = Client(await SignInAsync(anonymous, workerName));
    var manager = Client(await SignInAsync(anonymous, managerName));
    Console.WriteLine("signed in: " + workerName + ", " + managerName);

    var me = await worker.Api.V1.Me.GetAsync() ?? throw new Exception("no /me");
    Check(me.UserName == workerName, $"/me is {me.UserName}");

    // Register a person: flag enums (types, assistance) travel as comma-separated names.
    var name = "测" + new string(Enumerable.Range(0, 4).Select(_ => "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"[Random.Shared.Next(22)]).ToArray());
    var details = new PersonDetails
    {
        Name = name, Gender = Gender.Female, Ethnicity = "汉族", BirthDate = new Date(1940, 3, 8), Phone = "13812345678",
        EmergencyContactName = "张紧急", EmergencyContactPhone = "020-87654321",
        Types = PersonTypes.LivingAlone | PersonTypes.EmptyNest, Tier = FollowUpTier.General,
        LegalBasis = LegalBasis.WrittenConsent, ConsentNote = "本人书面同意",
    };
    var registered = await worker.Api.V1.Persons.PostAsync(new RegisterPersonRequest
    {
        CommunityCode = community,
        Relation = HouseholdRelation.Head,
        NewHousehold = new HouseholdDetails
        {
            Address = "长洲路 18 号 301", LivingArrangement = LivingArrangement.Alone, EconomicSources = "养老金",
            Assistance = AssistanceKinds.MinimumLiving | AssistanceKinds.Temporary,
        },
        Person = details,
    }) ?? throw new Exception("no id");
    var personId = registered.Id ?? throw new Exception("no id");
    var person = await worker.Api.V1.Persons[personId].GetAsync() ?? throw new Exception("no person");
    Check(person.Name == name, "the person's name came back");
    Check(person.Types == (PersonTypes.LivingAlone | PersonTypes.EmptyNest), $"types came back as {person.Types}");
    Console.WriteLine($"registered: {personId} ({person.Types}), version {person.Version}");

    // A versioned write answers its new version as ETag; a write on the old version is 409.
    var saved = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    details.Phone = "13912345678";
    await worker.Api.V1.Persons[personId].PutAsync(new UpdatePersonRequest { Version = person.Version, Person = details }, c => c.Options.Add(saved));
    var personTag = saved.ResponseHeaders["ETag"].Single();
    Check(personTag == $"\"{person.Version + 1}\"", $"the update's ETag is {personTag}");
    try
    {
        await worker.Api.V1.Persons[personId].PutAsync(new UpdatePersonRequest { Version = person.Version, Person = details });
        throw new Exception("a stale version was accepted");
    }
    catch (ApiException e) when (e.ResponseStatusCode == 409) { Console.WriteLine($"updated: ETag {personTag}; the old version again: 409"); }

    // Log a visit.
    var visit = await worker.Api.V1.Persons[personId].Visits.PostAsync(new LogVisitRequest
    {
        Method = VisitMethod.Home, VisitedOn = new Date(today), Record = new VisitRecord { BasicLiving = "精神尚好，独自做饭" },
    }) ?? throw new Exception("no visit id");
    Console.WriteLine($"visit: {visit.Id}");

    // A wish: recorded, submitted (version from the detail), approved (version from the ETag of the submit).
    var created = await worker.Api.V1.Wishes.PostAsync(new CreateWishRequest
    {
        PersonId = personId, Group = WishGroup.Elderly, Kind = WishKind.Material, Category = WishCategory.HouseholdAppliance,
        Description = "一台电风扇", Story = "夏天家里很热", UnitValue = 300, Quantity = 1, WantedBy = new Date(today.AddDays(30)),
    }) ?? throw new Exception("no wish id");
    var wishId = created.Id ?? throw new Exception("no wish id");
    var draft = await worker.Api.V1.Wishes[wishId].GetAsync() ?? throw new Exception("no wish");
    Check(draft.Wish?.Status == WishStatus.Draft, $"a new wish is a draft, not {draft.Wish?.Status}");
    var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
    await worker.Api.V1.Wishes[wishId].Review.PostAsync(new ReviewWishRequest { Version = draft.Wish!.Version, Decision = ReviewWishDecision.Submit },
        c => c.Options.Add(headers));
    var etag = headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.Single() : throw new Exception("the submit answered no ETag");
    Console.WriteLine($"submitted: version {draft.Wish.Version} -> ETag {etag}");
    var approve = new ReviewWishRequest { Decision = ReviewWishDecision.Approve };
    await manager.Api.V1.Wishes[wishId].Review.PostAsync(approve, c => c.Headers.Add("If-Match", etag));
    Console.WriteLine("approved with If-Match " + etag);

    // Claimed on the public board (no sign-in), then delivered and closed by a return visit.
    var claim = await anonymous.Api.V1.Board.Claims.PostAsync(new ClaimWishesRequest
    {
        Items = [new ClaimWishesItem { WishId = wishId, Units = 1 }], ClaimantName = "长洲商贸有限公司", ClaimantType = ClaimantType.Enterprise,
        Phone = "13800138000", PledgedBy = new Date(today.AddDays(7)), NamedPublicly = true,
    }) ?? throw new Exception("no claim");
    Check(claim.ClaimIds is [_], "one claim");
    Console.WriteLine($"claimed: code {claim.Code?.Length} characters");
    await worker.Api.V1.Wishes[wishId].Deliveries.PostAsync(new DeliverWishRequest { ClaimId = claim.ClaimIds![0], Note = "已送到老人家中" });
    var delivered = await worker.Api.V1.Wishes[wishId].GetAsync() ?? throw new Exception("no wish");
    await worker.Api.V1.Wishes[wishId].ReturnVisit.PostAsync(new ReturnVisitRequest
    {
        Version = delivered.Wish!.Version, Fulfilled = true, Quality = 5, Satisfaction = 5, BeneficiaryRating = 5, Note = "老人很高兴",
    });
    var closed = await worker.Api.V1.Wishes[wishId].GetAsync() ?? throw new Exception("no wish");
    var d = closed.Dates ?? throw new Exception("the wish has no dates");
    Check(d.CreatedOn is not null && d.SubmittedOn is not null && d.PublishedOn is not null && d.ClaimedOn is not null && d.DeliveredOn is not null
        && d.ClosedOn is not null, "every date of the wish is set");
    Check(closed.Claims is [{ Deliveries: [_] }], "one claim with one delivery");
    Check(closed.ReturnVisit is { Fulfilled: true, Quality: 5 }, "the return visit");
    Console.WriteLine($"delivered and closed: status {closed.Wish?.Status}, published {d.PublishedOn}, claimed {d.ClaimedOn}, delivered {d.DeliveredOn}, closed {d.ClosedOn}");

    // The statistics of the worker's area, this month.
    var wishes = await worker.Api.V1.Statistics.Wishes.GetAsync() ?? throw new Exception("no wish figures");
    Check(wishes.Total is { Collected: >= 1, Fulfilled: >= 1 }, $"wish figures: collected {wishes.Total?.Collected}, fulfilled {wishes.Total?.Fulfilled}");
    var registry = await worker.Api.V1.Stats.Registry.GetAsync() ?? throw new Exception("no registry figures");
    Check(registry is { OnFile: >= 1, Visits: >= 1 }, $"registry figures: on file {registry.OnFile}, visits {registry.Visits}");
    Console.WriteLine($"statistics: {wishes.RegionName} {wishes.Period}: collected {wishes.Total!.Collected}, fulfilled {wishes.Total.Fulfilled}; on file {registry.OnFile}, visits {registry.Visits}");
    Console.WriteLine("journey passed");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine("journey failed: " + (e is ApiException api ? $"HTTP {api.ResponseStatusCode} {api.Message}" : e.ToString()));
    return 1;
}

ShegongClient Client(string? token)
{
    IAuthenticationProvider auth = token is null ? new AnonymousAuthenticationProvider()
        : new BaseBearerTokenAuthenticationProvider(new StaticToken(token));
    return new ShegongClient(new HttpClientRequestAdapter(auth) { BaseUrl = baseUrl });
}

async Task<string> SignInAsync(ShegongClient client, string userName)
{
    var token = await client.Api.V1.Auth.Token.PostAsync(new TokenRequest { UserName = userName, Password = password });
    return token?.AccessToken ?? throw new Exception("no access token for " + userName);
}

static void Check(bool condition, string what)
{
    if (!condition) throw new Exception("check failed: " + what);
}

sealed class StaticToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();
    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default) => Task.FromResult(token);
}
