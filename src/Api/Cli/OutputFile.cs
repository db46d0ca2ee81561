namespace Infra.Api.Cli;

/// <summary>How the CLI's verbs write a file (exports, reports): whole or not at all.</summary>
internal static class OutputFile
{
    /// <summary>
    /// Writes beside <paramref name="path"/> and moves the file over it only when complete: a failed or interrupted run
    /// leaves no half-written file where a whole one was expected (and an earlier one under that name untouched). The
    /// directory is created, as <c>mkdir -p</c> would. Returns null, or why the file cannot be written (a usage error).
    /// </summary>
    public static async Task<string?> WriteAsync(string path, Func<Stream, Task> write)
    {
        if (Directory.Exists(path))
        {
            return $"out: {path} is a directory: give a file name.";
        }

        var partial = $"{path}.{Environment.ProcessId}.partial";
        FileStream file;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            file = File.Create(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"out: cannot write {path}: {e.Message}";
        }

        try
        {
            await using (file)
            {
                await write(file);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return null;
    }
}
