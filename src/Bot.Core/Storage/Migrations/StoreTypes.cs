using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Makker.Storage.Migrations;

/// <summary>
/// The migrations are written by hand (the EF design-time package does not restore here), so the few
/// column types that differ between providers are chosen here, in one place.
/// </summary>
internal static class StoreTypes
{
    public static bool IsSqlite(this MigrationBuilder mb) => mb.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>DateTimeOffset: UTC ticks on SQLite (see MakkerDb.ConfigureConventions), timestamptz elsewhere.</summary>
    public static string Timestamp(this MigrationBuilder mb) => mb.IsSqlite() ? "INTEGER" : "timestamp with time zone";

    public static string Text(this MigrationBuilder mb) => mb.IsSqlite() ? "TEXT" : "text";

    public static string Varchar(this MigrationBuilder mb, int length) => mb.IsSqlite() ? "TEXT" : $"character varying({length})";

    public static string Int(this MigrationBuilder mb) => mb.IsSqlite() ? "INTEGER" : "integer";

    public static string BigInt(this MigrationBuilder mb) => mb.IsSqlite() ? "INTEGER" : "bigint";

    public static string Bool(this MigrationBuilder mb) => mb.IsSqlite() ? "INTEGER" : "boolean";

    public static string Time(this MigrationBuilder mb) => mb.IsSqlite() ? "TEXT" : "time without time zone";

    /// <summary>A key the database numbers itself: AUTOINCREMENT on SQLite, an identity column on PostgreSQL (each provider reads its own annotation).</summary>
    public static OperationBuilder<AddColumnOperation> Identity(this OperationBuilder<AddColumnOperation> column) =>
        column.Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public static string Blob(this MigrationBuilder mb) => mb.IsSqlite() ? "BLOB" : "bytea";

    public static string Date(this MigrationBuilder mb) => mb.IsSqlite() ? "TEXT" : "date";
}
