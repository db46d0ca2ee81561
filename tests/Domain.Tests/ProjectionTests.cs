using Infra.Domain.Plans;

namespace Infra.Domain.Tests;

public class ProjectionTests
{
    private static Target Target(TargetMetric metric, double goal) =>
        new Plan("p", "规划", "plan", "411700", new(2006, 1, 1), new(2010, 12, 31), null).AddTarget(new TargetSpec("t", "t", "t", metric,
            metric == TargetMetric.NewFiberKm ? new TargetFilter() : new TargetFilter { NodeKinds = [Assets.SwitchingNodeKind.Msc] },
            new(2006, 1, 1), new(2010, 12, 31), goal, "x", null, null));

    [Fact]
    public void A_goal_reached_is_met()
    {
        var p = ProgressCalculator.Project(Target(TargetMetric.CapacityTotal, 100), new(2008, 12, 31), 100, 10, met: true);
        Assert.Equal(("met", true, (DateOnly?)null), (p.Status, p.OnTrack, p.Date));
    }

    [Fact]
    public void The_projection_runs_at_the_last_years_pace()
    {
        var p = ProgressCalculator.Project(Target(TargetMetric.CapacityTotal, 200), new(2008, 12, 31), 100, 50, met: false);
        Assert.Equal("on_track", p.Status);
        Assert.InRange(p.Date!.Value, new DateOnly(2010, 12, 30), new DateOnly(2010, 12, 31));

        var late = ProgressCalculator.Project(Target(TargetMetric.CapacityTotal, 200), new(2008, 12, 31), 100, 40, met: false);
        Assert.Equal(("late", false), (late.Status, late.OnTrack));
        Assert.True(late.Date > new DateOnly(2010, 12, 31));
    }

    [Fact]
    public void No_growth_is_not_at_this_pace_and_a_closed_period_is_not_projected()
    {
        Assert.Equal("not_at_this_pace", ProgressCalculator.Project(Target(TargetMetric.CapacityTotal, 200), new(2008, 12, 31), 100, 0, false).Status);
        Assert.Equal("not_at_this_pace", ProgressCalculator.Project(Target(TargetMetric.CapacityTotal, 200), new(2008, 12, 31), 100, -5, false).Status);
        Assert.Equal("period_closed", ProgressCalculator.Project(Target(TargetMetric.NewFiberKm, 1400), new(2011, 1, 1), 900, 100, false).Status);
    }
}
