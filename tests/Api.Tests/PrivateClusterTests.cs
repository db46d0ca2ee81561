using Infra.Api.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Infra.Api.Tests;

public class PrivateClusterTests
{
    [Fact]
    public async Task The_private_cluster_keeps_its_data_across_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), $"infra-restart-{Guid.NewGuid():N}");
        try
        {
            var first = await PrivateCluster.StartAsync(dir, NullLogger.Instance, ct);
            await using (var conn = new NpgsqlConnection(first.ConnectionString + ";Pooling=false"))
            {
                await conn.OpenAsync(ct);
                await new NpgsqlCommand("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('驻马店')", conn).ExecuteNonQueryAsync(ct);
                Assert.Equal("3", ((string)(await new NpgsqlCommand("SELECT postgis_lib_version()", conn).ExecuteScalarAsync(ct))!)[..1]);
            }

            await first.StopAsync();
            Assert.False(File.Exists(Path.Combine(dir, "pg", "postmaster.pid")), "the cluster stopped cleanly");

            var second = await PrivateCluster.StartAsync(dir, NullLogger.Instance, ct);
            await using (var conn = new NpgsqlConnection(second.ConnectionString + ";Pooling=false"))
            {
                await conn.OpenAsync(ct);
                Assert.Equal("驻马店", await new NpgsqlCommand("SELECT v FROM kept", conn).ExecuteScalarAsync(ct));
                var super = (bool)(await new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", conn).ExecuteScalarAsync(ct))!;
                Assert.False(super, "the application connects as an ordinary role, so row-level security applies to it");
            }

            await second.StopAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
