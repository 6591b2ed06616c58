import { LiveIndicator } from "./components/LiveIndicator";
import { JobPage } from "./pages/JobPage";
import { JobsPage } from "./pages/JobsPage";
import { OverviewPage } from "./pages/OverviewPage";
import { ProviderPage } from "./pages/ProviderPage";
import { ProvidersPage } from "./pages/ProvidersPage";
import { useRoute, type Route } from "./router";

const NAV: { label: string; href: string; pages: Route["page"][] }[] = [
  { label: "Overview", href: "#/", pages: ["overview"] },
  { label: "Jobs", href: "#/jobs", pages: ["jobs", "job"] },
  { label: "Providers", href: "#/providers", pages: ["providers", "provider"] },
];

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="app-header">
        <h1>Hashwork</h1>
        <nav>
          {NAV.map((item) => (
            <a key={item.href} href={item.href} className={item.pages.includes(route.page) ? "active" : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <LiveIndicator />
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "overview":
      return <OverviewPage />;
    case "jobs":
      return <JobsPage filters={route.filters} pageIndex={route.pageIndex} />;
    case "job":
      return <JobPage id={route.id} />;
    case "providers":
      return <ProvidersPage orderBy={route.orderBy} />;
    case "provider":
      return <ProviderPage id={route.id} />;
  }
}
