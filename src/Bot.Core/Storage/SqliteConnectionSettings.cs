using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Makker.Storage;

/// <summary>
/// SQLite settings that live on the connection, not in the file, so every connection EF opens gets them.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    // synchronous=NORMAL: in WAL mode a commit is written to the log without waiting for fsync (the log is
    // synced at checkpoints). A crash of the process loses nothing and the file never corrupts; only a power cut
    // or an OS crash can undo the last commits. With FULL every turn waited for the disk while holding the
    // single write lock.
    // wal_autocheckpoint: SqliteCheckpointer copies the log back beside the turns; SQLite's own checkpoint, inside the
    // commit that crosses the limit, is only the fallback for writers outside the WriteGate, so the limit is four times
    // its default (a log of at most about 16 MB).
    // busy_timeout: a writer that finds the database locked waits inside SQLite, retrying after a millisecond or
    // a few, for up to 30 s (the connection's DefaultTimeout). Without it Microsoft.Data.Sqlite sleeps 150 ms
    // per retry, so any two overlapping writes (a turn and the dispatcher, two processes) cost the second one at
    // least 150 ms.
    private const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=4000;";

    // These settings belong to SQLite's own connection, which the pool keeps open between uses; so they are set once
    // per real connection, not again on every open (each turn opens one), which cost a statement per turn.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _configured = new();

    private bool IsConfigured(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _);

    private void Configured(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, handle);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsConfigured(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        Configured(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsConfigured(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Configured(connection);
    }
}
