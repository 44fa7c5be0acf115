// Sign-in: local email + password, and single sign-on when GET /api/v1/session/oidc/config says it is on.
import { Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, setCsrfToken, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { identityQueries } from '../../api/identityQueries.ts';
import { sessionKeys } from '../../api/queryKeys.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const returnTo = searchParams.get('returnTo')?.startsWith('/') ? searchParams.get('returnTo')! : '/';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const oidc = useQuery({
    ...identityQueries.oidcConfig(),
  });
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/session', { body: { email, password } })),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(['session'], session);
      await queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
      await navigate(returnTo === '/login' ? '/' : returnTo, { replace: true });
    },
  });
  const passwordLogin = oidc.data?.passwordLogin ?? true;
  // A single sign-on that failed comes back here with the reason and the request id (oidcRoutes.ts).
  const ssoError = useMemo(() => {
    const code = searchParams.get('sso_error');
    if (!code) return undefined;
    return new ApiError({
      status: 0,
      code,
      message: searchParams.get('sso_message') ?? 'Single sign-on failed.',
      requestId: searchParams.get('request_id') ?? undefined,
    });
  }, [searchParams]);

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={400} component="main">
        <Title order={1} size="h3">
          Sign in to CSOC
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Gen3 Commons Services Operations Center
        </Text>
        <Stack>
          {oidc.data?.enabled && (
            <Button
              component="a"
              href={`/api/v1/session/oidc/login?returnTo=${encodeURIComponent(returnTo)}`}
              variant="default"
            >
              Sign in with single sign-on
            </Button>
          )}
          {oidc.data?.enabled && passwordLogin && (
            <Divider label="or with a password" labelPosition="center" />
          )}
          {passwordLogin && (
            <SubmitForm aria-label="Sign in with email and password" onSubmit={() => login.mutate()}>
              <Stack>
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={(event) => setEmail(event.currentTarget.value)}
                  required
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.currentTarget.value)}
                  required
                />
                <Button type="submit" loading={login.isPending}>
                  Sign in
                </Button>
              </Stack>
            </SubmitForm>
          )}
          <ErrorAlert error={ssoError} title="Single sign-on failed" />
          <ErrorAlert error={login.error ?? oidc.error} title="Sign-in failed" />
        </Stack>
      </Paper>
    </Center>
  );
}
