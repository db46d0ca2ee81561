namespace Infra.Domain.Plans;

/// <summary>When a target would be met at the pace of the preceding 12 months.</summary>
/// <param name="Date">Projected date the goal is reached; null when met already, when the pace is zero or negative, or when the period has closed.</param>
/// <param name="OnTrack">Met, or projected to be met by the period's end.</param>
/// <param name="PacePerYear">Change of the value over the 12 months before the as-of date, in the target's unit.</param>
/// <param name="Status">met, on_track, late, not_at_this_pace, or period_closed.</param>
public sealed record Projection(DateOnly? Date, bool OnTrack, double PacePerYear, string Status);

public sealed record SeriesPoint(DateOnly Date, double Value);

public sealed record CountyValue(string Code, double Value);

/// <summary>How far a target has come on a date: value against goal, whether met, projection, by county, and over time.</summary>
public sealed record TargetProgress(
    Target Target,
    DateOnly AsOf,
    double Value,
    double PercentAchieved,
    bool Met,
    Projection Projection,
    IReadOnlyList<CountyValue> ByCounty,
    IReadOnlyList<SeriesPoint> Series);

public static class ProgressCalculator
{
    private const double DaysPerYear = 365.2425;

    /// <summary>The date a year earlier, for the last 12 months' pace; in year 1, the earliest date there is (not an overflow).</summary>
    public static DateOnly YearBefore(DateOnly day) => day.Year > 1 ? day.AddYears(-1) : DateOnly.MinValue;

    /// <param name="counties">County codes to break the value down by.</param>
    /// <param name="seriesDates">Dates for the chart of the value over time (the as-of date is added).</param>
    public static TargetProgress Of(Target target, PlanContext context, DateOnly asOf, IReadOnlyList<string> counties, IReadOnlyList<DateOnly> seriesDates)
    {
        var value = TargetEvaluator.ValueOn(target, context, asOf);
        var yearBefore = YearBefore(asOf);
        var before = TargetEvaluator.ValueOn(target, context, yearBefore);
        var met = value >= target.Goal - 1e-9;
        var projection = Project(target, asOf, value, value - before, met);
        var byCounty = counties.Select(c => new CountyValue(c, TargetEvaluator.ValueOn(target, context, asOf, c))).ToList();
        var series = seriesDates.Where(d => d < asOf).Append(asOf).Distinct().Order()
            .Select(d => new SeriesPoint(d, d == asOf ? value : d == yearBefore ? before : TargetEvaluator.ValueOn(target, context, d))).ToList();
        return new TargetProgress(target, asOf, value, 100 * value / target.Goal, met, projection, byCounty, series);
    }

    /// <summary>
    /// Straight-line projection at the last 12 months' pace. A "new in the period" target whose period has
    /// closed unmet is not projected: what was built later no longer counts toward it.
    /// </summary>
    public static Projection Project(Target target, DateOnly asOf, double value, double pacePerYear, bool met)
    {
        if (met)
        {
            return new Projection(null, true, pacePerYear, "met");
        }

        if (Target.CountsNew(target.Metric) && asOf >= target.PeriodEnd)
        {
            return new Projection(null, false, pacePerYear, "period_closed");
        }

        if (pacePerYear <= 0)
        {
            return new Projection(null, false, pacePerYear, "not_at_this_pace");
        }

        var days = (target.Goal - value) / pacePerYear * DaysPerYear;
        if (days > 100 * DaysPerYear || asOf.DayNumber + days > DateOnly.MaxValue.DayNumber)
        {
            return new Projection(null, false, pacePerYear, "not_at_this_pace");
        }

        var date = asOf.AddDays((int)Math.Round(days));
        return date <= target.PeriodEnd
            ? new Projection(date, true, pacePerYear, "on_track")
            : new Projection(date, false, pacePerYear, "late");
    }
}
