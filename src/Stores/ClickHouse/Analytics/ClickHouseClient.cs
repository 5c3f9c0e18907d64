using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Marketplace.Grains.Analytics;

/// <summary>Talks to ClickHouse over its HTTP interface: creates the tables once per silo, inserts rows as JSONEachRow.</summary>
public sealed class ClickHouseClient : IAnalyticsStore
{
    private static readonly JsonSerializerOptions RowJson = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new DateTimeText() },
    };

    private readonly HttpClient http;
    private readonly AnalyticsOptions options;
    private readonly Lazy<Task> schema;

    public ClickHouseClient(HttpClient http, IOptions<AnalyticsOptions> options)
    {
        this.http = http;
        this.options = options.Value;
        if (this.options.Enabled)
        {
            http.BaseAddress = new Uri(this.options.Url);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{this.options.User}:{this.options.Password}")));
        }
        schema = new(CreateSchemaAsync);
    }

    public bool Enabled => options.Enabled;

    public string Database => options.Database;

    public async Task InsertAsync<TRow>(string table, TRow row, CancellationToken cancellationToken = default)
    {
        await schema.Value;
        var body = JsonSerializer.Serialize(row, RowJson);
        await ExecuteAsync($"INSERT INTO {options.Database}.{table} FORMAT JSONEachRow", body, inDatabase: false, cancellationToken);
    }

    /// <summary>Runs a query in the analytics database and returns its rows (FORMAT JSON's "data").</summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await schema.Value;
        var text = await ExecuteAsync($"{sql.Trim().TrimEnd(';')} FORMAT JSON", null, inDatabase: true, cancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("data").EnumerateArray().Select(row => row.Clone()).ToList();
    }

    /// <summary>A row's instants in ClickHouse's DateTime text form, in UTC.</summary>
    private sealed class DateTimeText : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Rows are only written.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
    }

    private async Task CreateSchemaAsync()
    {
        foreach (var statement in ClickHouseSchema.Statements(options.Database))
        {
            await ExecuteAsync(statement, null, inDatabase: false, CancellationToken.None);
        }
    }

    private async Task<string> ExecuteAsync(string query, string? data, bool inDatabase, CancellationToken cancellationToken)
    {
        // The query goes in the URL and the rows in the body, so inserted data never passes the SQL parser.
        var uri = $"?query={Uri.EscapeDataString(query)}" + (inDatabase ? $"&database={Uri.EscapeDataString(options.Database)}" : "");
        using var content = new StringContent(data ?? "", Encoding.UTF8);
        using var response = await http.PostAsync(uri, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse answered {(int)response.StatusCode}: {text.Trim()}");
        }
        return text;
    }
}
