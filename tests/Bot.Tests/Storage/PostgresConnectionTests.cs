using Makker.Storage;
using Npgsql;

namespace Makker.Tests.Storage;

/// <summary>
/// On PostgreSQL the host gives back pooled connections without DISCARD ALL and lets Npgsql prepare the statements it
/// runs often: a turn's handful of statements cost a round trip and a parse each otherwise. What an operator writes in
/// the connection string wins.
/// </summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void The_host_keeps_connections_as_they_are_and_prepares_frequent_statements()
    {
        var built = new NpgsqlConnectionStringBuilder(StorageSetup.TunedPostgresConnectionString("Host=db;Username=makker;Password=secret;Database=makker"));

        Assert.True(built.NoResetOnClose);
        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.Equal("db", built.Host);
        Assert.Equal("secret", built.Password);
    }

    [Fact]
    public void An_operators_own_choice_in_the_connection_string_is_kept()
    {
        var built = new NpgsqlConnectionStringBuilder(StorageSetup.TunedPostgresConnectionString("Host=db;No Reset On Close=false;Max Auto Prepare=0"));

        Assert.False(built.NoResetOnClose);
        Assert.Equal(0, built.MaxAutoPrepare);
    }
}
