namespace Makker.Testing;

/// <summary>The databases the product stores in (the setting Storage:Provider).</summary>
public enum StorageProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>
/// Tests that go through storage run on both databases, because SQLite and PostgreSQL differ in ways that only show
/// when the same scenario runs on each (time stamps, string comparison, row order, concurrent writers). A test class
/// derives from this and runs on SQLite as it is; a subclass next to it, <c>…OnPostgres</c>, overrides
/// <see cref="Provider"/> and so runs every test again on PostgreSQL (xunit runs inherited test methods). The tests
/// are [SkippableFact]/[SkippableTheory]: on a machine without PostgreSQL the copies skip, saying how to start it.
/// </summary>
public abstract class RunsOnBothDatabases
{
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;
}
