using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Features;

namespace Shegong.IntegrationTests.Features.Host;

/// <summary>A module is a folder under Features/ with its module file; the host finds every one of them.</summary>
public sealed class ModuleTests(AppFixture app)
{
    /// <summary>Folders under Features/ that hold shared helpers, not a module.</summary>
    private static readonly string[] Shared = ["Common"];

    private static string FeaturesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Shegong.slnx"))) return Path.Combine(dir.FullName, "src", "Shegong.Web", "Features");
        throw new InvalidOperationException("Shegong.slnx not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_folder_under_Features_is_a_module_with_its_module_file_and_every_module_has_its_folder()
    {
        var features = FeaturesFolder();
        var folders = Directory.GetDirectories(features).Select(Path.GetFileName).Except(Shared).Order().ToList();
        ShegongModules.All.Select(m => m.Name).Order().ToList().ShouldBe(folders!);
        foreach (var module in ShegongModules.All)
        {
            module.GetType().Name.ShouldBe(module.Name + "Module");
            File.Exists(Path.Combine(features, module.Name, module.Name + "Module.cs")).ShouldBeTrue($"Features/{module.Name}/{module.Name}Module.cs");
        }
    }

    [Fact]
    public async Task Menu_entries_name_registered_policies_and_lead_to_pages()
    {
        using var scope = app.Scope();
        var policies = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var entry in ShegongModules.Navigation)
            if (entry.Policy is { } name) (await policies.GetPolicyAsync(name)).ShouldNotBeNull(name);
        ShegongModules.Navigation.Select(e => e.Href).ShouldBeUnique();

        using var admin = await app.BrowserAsAsync("admin");
        using var worker = await app.BrowserAsAsync("worker");
        foreach (var entry in ShegongModules.Navigation)
        {
            var status = (int)(await worker.GetAsync(entry.Href)).StatusCode;
            if (status == 302) status = (int)(await admin.GetAsync(entry.Href)).StatusCode;
            status.ShouldBe(200, entry.Href);
        }
    }

    [Fact]
    public async Task The_jobs_the_modules_declare_are_scheduled()
    {
        var scheduler = await app.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var declared = ShegongModules.All.SelectMany(m => m.Jobs).ToList();
        declared.Select(j => j.Key).ShouldContain("wish-upkeep");
        foreach (var job in declared)
        {
            var detail = await scheduler.GetJobDetail(new JobKey(job.Key));
            detail.ShouldNotBeNull(job.Key);
            detail.JobType.Type.ShouldBe(job.JobType);
            var trigger = (await scheduler.GetTriggersOfJob(detail.Key)).ShouldHaveSingleItem().ShouldBeAssignableTo<ISimpleTrigger>()!;
            trigger.RepeatInterval.ShouldBe(job.Interval);
        }
        declared.Single(j => j.Key == "wish-upkeep").JobType.ShouldBe(typeof(Shegong.Web.Features.Wishes.WishHousekeeping.Job));
    }

    [Fact]
    public void Demo_seed_steps_run_in_the_order_the_modules_declare()
    {
        var steps = Shegong.Web.Infrastructure.Seed.DemoSeeder.Steps;
        steps.Select(s => s.Order).ShouldBe(steps.Select(s => s.Order).Order());
        steps.Select(s => s.Order).ShouldBeUnique();
        steps.Select(s => s.StepType.Name).ShouldBe(["DemoRegions", "DemoStations", "DemoAccounts", "DemoLedgers", "DemoWishesStep", "DemoActivitiesStep", "DemoCasesStep"]);
    }
}
