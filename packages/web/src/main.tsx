// The portal's entry: Mantine (light/dark), TanStack Query, React Router.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/portal.css';
import { localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/ApiError.ts';
import { PortalRoutes } from './app/PortalRoutes.tsx';
import { prefetchFirstScreen } from './app/prefetchFirstScreen.ts';
import { portalCssVariables, portalTheme } from './app/portalTheme.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network blips and 5xx get one more try.
      retry: (count, error) =>
        count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

// Before the first render: the session and the first screen's data are requested together, not one after
// the other as the components mounting in turn would.
prefetchFirstScreen(queryClient, window.location);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider
      theme={portalTheme}
      cssVariablesResolver={portalCssVariables}
      defaultColorScheme="auto"
      colorSchemeManager={localStorageColorSchemeManager({ key: 'csoc-color-scheme' })}
    >
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <PortalRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
