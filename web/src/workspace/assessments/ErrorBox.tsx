import { ApiError } from '../../api';
import { useErrorText } from '../SignIn';

/** An error the API answered with: the translated summary, then each field's problem as the server named it. */
export function ErrorBox({ error }: { error: unknown }) {
  const errorText = useErrorText();
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div role="alert" className="error">
      <p>{errorText(error)}</p>
      {issues.length ? (
        <ul>
          {issues.map((i) => <li key={`${i.path}:${i.message}`}>{i.message}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
