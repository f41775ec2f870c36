import { useState } from "preact/hooks";

export function Login({ error, onLogin }: { error: string | null; onLogin: (key: string) => void }) {
  const [key, setKey] = useState("");
  return (
    <main id="main" class="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onLogin(key.trim());
        }}
      >
        <h1>Vetter</h1>
        <p>Sign in with your API key. It is kept in this tab only and sent with every request.</p>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          required
          autoFocus
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
