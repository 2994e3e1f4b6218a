using System.Data.Common;
using System.Text.RegularExpressions;

namespace Makker.Testing;

/// <summary>
/// SQLite's own account of how it runs a statement (EXPLAIN QUERY PLAN), for tests that guard how much a query on a
/// hot path reads: a plan does not change with the machine's speed, so such a test cannot be flaky, and it fails as
/// soon as a query starts reading a whole table.
/// </summary>
public static partial class QueryPlans
{
    /// <summary>The plan's lines ("SEARCH o USING INDEX ...", "SCAN d", "USE TEMP B-TREE FOR ORDER BY", ...).</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(DbConnection connection, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }
        var lines = new List<string>();
        await using var plan = await explain.ExecuteReaderAsync();
        while (await plan.ReadAsync())
        {
            lines.Add(plan.GetString(3));
        }
        return lines;
    }

    /// <summary>
    /// EF Core's ToQueryString() for SQLite: ".param set @name value" lines, then the statement. The values come back
    /// as SQLite literals (numbers, 'text', NULL), bound here as what they stand for.
    /// </summary>
    public static (string Sql, List<(string Name, object? Value)> Parameters) SplitQueryString(string queryString)
    {
        var parameters = new List<(string, object?)>();
        var sql = new List<string>();
        foreach (var line in queryString.Split('\n'))
        {
            if (ParamLine().Match(line.TrimEnd('\r')) is { Success: true } m)
            {
                var literal = m.Groups[2].Value;
                object? value = literal switch
                {
                    "NULL" => null,
                    ['\'', .., '\''] => literal[1..^1].Replace("''", "'", StringComparison.Ordinal),
                    _ when long.TryParse(literal, out var number) => number,
                    _ => double.Parse(literal, System.Globalization.CultureInfo.InvariantCulture),
                };
                parameters.Add((m.Groups[1].Value, value));
            }
            else
            {
                sql.Add(line);
            }
        }
        return (string.Join('\n', sql).Trim(), parameters);
    }

    [GeneratedRegex(@"^\.param set (@\w+) (.+)$")]
    private static partial Regex ParamLine();
}
