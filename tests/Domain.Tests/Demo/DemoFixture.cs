using Infra.Domain.Coverage;
using Infra.Geodata;

[assembly: AssemblyFixture(typeof(Infra.Domain.Tests.Demo.DemoFixture))]

namespace Infra.Domain.Tests.Demo;

/// <summary>The demo data set, generated once per test run for every test that reads it.</summary>
public sealed class DemoFixture
{
    public DemoData Data { get; } = DemoGenerator.Generate();

    public CoverageResult CoverageOn(DateOnly asOf) => CoverageEngine.Evaluate(Data.ToCoverageInput(), asOf, CoverageOptions.Default);
}
