using Infra.Domain;
using Infra.Domain.Assets;

namespace Infra.Domain.Tests;

public class LifecycleTests
{
    private static readonly DateOnly D2005 = new(2005, 6, 1);

    [Fact]
    public void Status_follows_the_dates()
    {
        var life = new Lifecycle(new DateOnly(2005, 1, 1), new DateOnly(2005, 3, 1), new DateOnly(2005, 6, 1), new DateOnly(2009, 1, 1));
        Assert.Null(life.StatusOn(new DateOnly(2004, 12, 31)));
        Assert.Equal(AssetStatus.Planned, life.StatusOn(new DateOnly(2005, 1, 1)));
        Assert.Equal(AssetStatus.UnderConstruction, life.StatusOn(new DateOnly(2005, 5, 31)));
        Assert.Equal(AssetStatus.InService, life.StatusOn(D2005));
        Assert.Equal(AssetStatus.InService, life.StatusOn(new DateOnly(2008, 12, 31)));
        Assert.Equal(AssetStatus.Retired, life.StatusOn(new DateOnly(2009, 1, 1)));
    }

    [Fact]
    public void Retired_before_commissioned_is_refused()
    {
        var ex = Assert.Throws<DomainException>(() => new Lifecycle(null, null, D2005, D2005.AddDays(-1)));
        Assert.Equal("retiredOn", ex.Field);
        Assert.Contains("before", ex.Message);
    }

    [Fact]
    public void Retired_on_the_commissioning_day_is_allowed() =>
        Assert.Equal(AssetStatus.Retired, new Lifecycle(null, null, D2005, D2005).StatusOn(D2005));

    [Fact]
    public void A_lifecycle_needs_a_date() =>
        Assert.Equal("commissionedOn", Assert.Throws<DomainException>(() => new Lifecycle(null, null, null, null)).Field);
}
