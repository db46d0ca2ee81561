[assembly: AssemblyFixture(typeof(Infra.TestSupport.PostGis))]
