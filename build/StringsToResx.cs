// The build task behind build/Strings.targets: merges every module's Strings.tsv into one .resx pair under obj/.
// Compiled by MSBuild's RoslynCodeTaskFactory at build time; needs nothing but the .NET SDK.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ShegongStringsToResx : Task
{
    [Required] public ITaskItem[] Sources { get; set; } = new ITaskItem[0];
    [Required] public string Root { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    [Output] public ITaskItem[] Generated { get; set; } = new ITaskItem[0];

    public override bool Execute()
    {
        // key -> (file, line, 中文, English); files in a stable order so the output does not depend on the glob's.
        var rows = new Dictionary<string, (string File, int Line, string Zh, string En)>(StringComparer.Ordinal);
        foreach (var file in Sources.Select(s => s.GetMetadata("FullPath")).OrderBy(f => f, StringComparer.Ordinal))
        {
            var shown = Relative(file);
            var n = 0;
            foreach (var raw in File.ReadLines(file, Encoding.UTF8))
            {
                n++;
                var line = raw.TrimEnd('\r');
                if (line.Trim().Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
                var parts = line.Split('\t');
                if (parts.Length != 3 || parts[0].Trim().Length == 0)
                {
                    Log.LogError(null, "SGSTR1", null, shown, n, 0, 0, 0,
                        "expected 3 tab-separated columns (key, 中文, English), got {0}", parts.Length);
                    continue;
                }
                var key = parts[0];
                if (rows.TryGetValue(key, out var first))
                {
                    Log.LogError(null, "SGSTR2", null, shown, n, 0, 0, 0,
                        "string key '{0}' is defined twice: in {1} (line {2}) and in {3} (line {4}); keep it in one module's Strings.tsv",
                        key, Relative(first.File), first.Line, shown, n);
                    continue;
                }
                rows[key] = (file, n, parts[1], parts[2]);
            }
        }
        if (Log.HasLoggedErrors) return false;

        Directory.CreateDirectory(OutputDirectory);
        var ordered = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Generated = new[]
        {
            Write(Path.Combine(OutputDirectory, "SharedResource.resx"), ordered.Select(r => (r.Key, r.Value.Zh)), ""),
            Write(Path.Combine(OutputDirectory, "SharedResource.en.resx"), ordered.Select(r => (r.Key, r.Value.En)), ".en"),
        };
        Log.LogMessage(MessageImportance.Low, "{0} strings from {1} files -> {2}", rows.Count, Sources.Length, OutputDirectory);
        return true;
    }

    private string Relative(string path)
    {
        var root = Root.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        return (path.StartsWith(root, StringComparison.Ordinal) ? path.Substring(root.Length) : path).Replace('\\', '/');
    }

    /// <summary>Writes only when the content changed, so an unchanged build stays incremental.</summary>
    private static ITaskItem Write(string path, IEnumerable<(string Key, string Value)> rows, string cultureSuffix)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n")
          .Append("  <resheader name=\"resmimetype\"><value>text/microsoft-resx</value></resheader>\n")
          .Append("  <resheader name=\"version\"><value>2.0</value></resheader>\n")
          .Append("  <resheader name=\"reader\"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n")
          .Append("  <resheader name=\"writer\"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n");
        foreach (var (key, value) in rows)
            sb.Append("  <data name=\"").Append(Escape(key, true)).Append("\" xml:space=\"preserve\"><value>")
              .Append(Escape(value, false)).Append("</value></data>\n");
        sb.Append("</root>\n");
        var text = sb.ToString();
        if (!File.Exists(path) || File.ReadAllText(path, Encoding.UTF8) != text)
            File.WriteAllText(path, text, new UTF8Encoding(false));
        var item = new TaskItem(path);
        item.SetMetadata("CultureSuffix", cultureSuffix);
        return item;
    }

    private static string Escape(string s, bool attribute)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when attribute => "&quot;",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
