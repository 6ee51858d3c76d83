namespace Saperly.Migration.Tool.Loading;

/// <summary>A project that did not load (or cannot be compiled), by name, with the reason.</summary>
internal sealed record LoadFailure(string ProjectName, string Message);
