using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// Text no one types: NUL and the other C0 control characters (tab, CR and LF are allowed), DEL, and lone UTF-16
/// surrogates. PostgreSQL refuses NUL in text (SQLSTATE 22021), and none of them belongs in a name, an address or a
/// note. They are refused at the door, before any handler runs, with a 400 that names the field:
/// JSON strings through <see cref="SafeStringConverter"/>; the path, query strings and form fields (page posts and
/// multipart alike) through <see cref="UseShegongInputGuard"/>.
/// </summary>
public static class InputGuard
{
    /// <summary>The index of the first character that may not be stored, or -1.</summary>
    public static int FirstDisallowed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ') { if (c is not ('\t' or '\r' or '\n')) return i; }
            else if (c == '\u007f') return i;
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return i;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return i;
        }
        return -1;
    }

    public static bool IsAllowed(string? text) => text is null || FirstDisallowed(text) < 0;

    /// <summary>"姓名：含有不允许的控制字符（如 NUL）" — the field named as the rest of Shegong names it.</summary>
    public static (string Key, string Message) Problem(IStringLocalizer l, string member)
    {
        var key = FieldKey(member);
        var name = l["Field." + key];
        return (key, $"{(name.ResourceNotFound ? member : name.Value)}：{l["Error.ControlCharacter"]}");
    }

    /// <summary>"Input.Person.Name" or "person.name" → "Name"; "idNumber" → "IdNumber".</summary>
    public static string FieldKey(string member)
    {
        var last = member.Split('.', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts ? parts[^1] : member;
        var bracket = last.IndexOf('[');
        if (bracket >= 0) last = last[..bracket];
        return last.Length == 0 ? member : char.ToUpperInvariant(last[0]) + last[1..];
    }

    /// <summary>
    /// Checks the path, the query string and, for a form post, every form field (not the files' bytes) of every request.
    /// A form that cannot be read at all (a broken multipart body) is a 400 here too, not an exception further on.
    /// </summary>
    public static IApplicationBuilder UseShegongInputGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var problem = await FindAsync(http);
        if (problem is null)
        {
            await next(http);
            return;
        }
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var (key, message) = problem.Value.Unreadable
            ? (problem.Value.Member, $"{l["Field.Form"]}：{l["Error.FormUnreadable"]}")
            : Problem(l, problem.Value.Member);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Shegong.Input")
            .LogInformation("{Method} {Path} refused with 400: {Problem} in {Field}", http.Request.Method, http.Request.Path.Value,
                problem.Value.Unreadable ? "unreadable form" : "disallowed character", key);
        await ErrorHandling.WriteBadRequestAsync(http, l, key, message);
    });

    private static async Task<string?> FieldWithDisallowedValueAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync();
        foreach (var pair in text.Split('&'))
        {
            var at = pair.IndexOf('=');
            var name = Decode(at < 0 ? pair : pair[..at]);
            var value = at < 0 ? "" : Decode(pair[(at + 1)..]);
            if (!IsAllowed(name)) return "Form";
            if (!IsAllowed(value)) return name;
        }
        return null;

        static string Decode(string s)
        {
            try { return Uri.UnescapeDataString(s.Replace('+', ' ')); }
            catch (UriFormatException) { return s; }
        }
    }

    private readonly record struct Found(string Member, bool Unreadable = false);

    private static async Task<Found?> FindAsync(HttpContext http)
    {
        var request = http.Request;
        if (!IsAllowed(request.Path.Value)) return new Found("Path");
        foreach (var (name, values) in request.Query)
        {
            if (!IsAllowed(name)) return new Found("Query");
            foreach (var v in values)
                if (!IsAllowed(v)) return new Found(name);
        }
        if (!request.HasFormContentType || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        IFormCollection form;
        // Kept so that a value the form reader refuses can be traced to its field (a page form is small).
        var urlEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (urlEncoded) request.EnableBuffering();
        try
        {
            form = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException e) when (e.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase))
        {
            // The framework's form reader refuses NUL itself, without naming the field: find it.
            return new Found(urlEncoded ? await FieldWithDisallowedValueAsync(request) ?? "Form" : "Form");
        }
        catch (InvalidDataException e) when (!e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // A cut-off or malformed multipart body, or a boundary that never comes. Limits are left to the form's
            // own handlers, which say 文件过大.
            return new Found("Form", Unreadable: true);
        }
        catch (InvalidDataException)
        {
            return null;
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return new Found("Form", Unreadable: true);
        }
        catch (BadHttpRequestException)
        {
            return null; // the size limit: the error handler (API) or the stale-form page (pages) answers 413
        }
        foreach (var (name, values) in form)
        {
            if (!IsAllowed(name)) return new Found("Form");
            foreach (var v in values)
                if (!IsAllowed(v)) return new Found(name);
        }
        foreach (var file in form.Files)
            if (!IsAllowed(file.Name) || !IsAllowed(file.FileName)) return new Found(file.Name is { Length: > 0 } n && IsAllowed(n) ? n : "File");
        return null;
    }
}

/// <summary>Raised for a JSON string that holds a character <see cref="InputGuard"/> refuses; STJ adds the member's path.</summary>
public sealed class DisallowedCharacterException() : JsonException("The string holds a disallowed control character.");

/// <summary>Every JSON string an endpoint binds: refused when it holds a character <see cref="InputGuard"/> refuses.</summary>
public sealed class SafeStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        string? value;
        try { value = reader.GetString(); }
        catch (InvalidOperationException) { throw new DisallowedCharacterException(); } // a lone surrogate escape (\ud800)
        if (value is not null && InputGuard.FirstDisallowed(value) >= 0) throw new DisallowedCharacterException();
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Dictionary keys (a custom converter must say how, or STJ refuses string-keyed dictionaries).
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string value;
        try { value = reader.GetString()!; }
        catch (InvalidOperationException) { throw new DisallowedCharacterException(); }
        if (InputGuard.FirstDisallowed(value) >= 0) throw new DisallowedCharacterException();
        return value;
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
