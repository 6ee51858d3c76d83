namespace Saperly.Migration.Tool.Writing;

/// <summary>Puts the new bytes of one file in place, all or nothing.</summary>
internal interface IFileCommitter
{
    void Commit(string path, byte[] contents);
}
