using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Requests;

namespace Saperly.Migration.CodeFixes.Credentials
{
    /// <summary>
    /// What SAP001 and SAP002 want: the credential of the other tier for this call. The analyzer decided how
    /// (<see cref="CallProperties.CredentialFix"/>): the source itself changes tier, or the call's shape gives it a
    /// credential of its own.
    /// </summary>
    internal static class CredentialFix
    {
        public static async Task<bool> ApplyAsync(CallEdit edit, CredentialTier target, CancellationToken cancellationToken)
        {
            var change = CredentialChange.From(edit.Target, target);
            if (edit.Target.Property(CallProperties.CredentialFix) == CallProperties.RenameSource)
            {
                return await change.RenameSourceAsync(edit, cancellationToken).ConfigureAwait(false);
            }

            var editor = RequestEditor.For(edit.Target.Property(CallProperties.Shape));
            if (editor == null)
            {
                return false;
            }

            // A handler that overwrites every request's credential would overwrite this call's too: it defers first.
            if (edit.Target.Property(CallProperties.CredentialScope) == "Handler" && !await HandlerDefers.ApplyAsync(edit, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            return editor.Authorize(edit, change, cancellationToken);
        }
    }
}
