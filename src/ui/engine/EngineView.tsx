/**
 * A live picture of the Docker engine: its images and containers, rendered
 * only from the `engine` messages the machine sends (EngineViewState).
 */

import type { ContainerSummary, ImageSummary } from "../../engine/api/types";
import { fmt, t } from "../../i18n/ko";
import type { EngineViewState } from "../../machine/protocol";
import { useAppStore } from "../../state/store";
import { containerName, formatPorts, humanSize, shortId } from "./format";

export function EngineView() {
  const engine = useAppStore((s) => s.engine);

  return (
    <section className="pane pane-engine" aria-labelledby="engine-title" data-testid="engine-view">
      <header className="pane-header">
        <h2 id="engine-title" className="pane-title">
          {t.engineView.title}
        </h2>
        {engine && <EngineBadges engine={engine} />}
      </header>
      <div className="pane-body engine-body">
        {engine === null ? (
          <p className="empty" data-testid="engine-waiting">
            {t.engineView.waiting}
          </p>
        ) : (
          <>
            {!engine.running && engine.context === "real" && (
              <div className="engine-unreachable" role="status" data-testid="engine-unreachable">
                <strong>{t.context.unreachable}</strong>
                <p>{t.context.unreachableHint}</p>
              </div>
            )}
            {!engine.running && engine.context !== "real" && (
              <div className="engine-stopped" role="status" data-testid="engine-stopped">
                <strong>{t.engineView.stopped}</strong>
                <p>{t.engineView.stoppedHint}</p>
              </div>
            )}
            <div className={engine.running ? undefined : "engine-dimmed"}>
              <ImageList images={engine.images} />
              <ContainerList containers={engine.containers} />
            </div>
          </>
        )}
      </div>
    </section>
  );
}

function EngineBadges({ engine }: { engine: EngineViewState }) {
  return (
    <div className="engine-badges">
      <span className="tag" title={t.engineView.contextLabel} data-testid="engine-context">
        {t.engineView.context[engine.context]}
      </span>
      <span className={`engine-dot ${engine.running ? "is-on" : "is-off"}`}>
        {engine.running ? t.engineView.running : t.engineView.stoppedShort}
      </span>
    </div>
  );
}

function ImageList({ images }: { images: ImageSummary[] }) {
  // One row per tag, like `docker images`; untagged images show <none>:<none>.
  const rows = images.flatMap((img) =>
    (img.RepoTags.length > 0 ? img.RepoTags : [t.engineView.noTag]).map((tag) => ({ img, tag })),
  );
  return (
    <section className="engine-section" aria-labelledby="engine-images-title" data-testid="engine-images">
      <h3 id="engine-images-title" className="section-title">
        {t.engineView.images} <span className="count">{fmt(t.engineView.count, { n: rows.length })}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="empty">{t.engineView.imagesEmpty}</p>
      ) : (
        <ul className="cards">
          {rows.map(({ img, tag }) => (
            <li key={`${img.Id}|${tag}`} className="card" data-testid="engine-image" data-image={tag}>
              <div className="card-title">
                <span className="mono name">{tag}</span>
              </div>
              <dl className="meta">
                <div>
                  <dt>{t.engineView.field.id}</dt>
                  <dd className="mono">{shortId(img.Id)}</dd>
                </div>
                <div>
                  <dt>{t.engineView.field.size}</dt>
                  <dd className="mono">{humanSize(img.Size)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ContainerList({ containers }: { containers: ContainerSummary[] }) {
  return (
    <section className="engine-section" aria-labelledby="engine-containers-title" data-testid="engine-containers">
      <h3 id="engine-containers-title" className="section-title">
        {t.engineView.containers} <span className="count">{fmt(t.engineView.count, { n: containers.length })}</span>
      </h3>
      {containers.length === 0 ? (
        <p className="empty">{t.engineView.containersEmpty}</p>
      ) : (
        <ul className="cards">
          {containers.map((c) => {
            const name = containerName(c);
            const ports = formatPorts(c.Ports);
            return (
              <li
                key={c.Id}
                className={`card state-${c.State}`}
                data-testid="engine-container"
                data-name={name}
                data-state={c.State}
              >
                <div className="card-title">
                  <span className="mono name">{name}</span>
                  <span className={`badge badge-${c.State}`}>{t.engineView.state[c.State]}</span>
                </div>
                <dl className="meta">
                  <div>
                    <dt>{t.engineView.field.image}</dt>
                    <dd className="mono">{c.Image}</dd>
                  </div>
                  <div>
                    <dt>{t.engineView.field.id}</dt>
                    <dd className="mono">{shortId(c.Id)}</dd>
                  </div>
                  <div className="wide">
                    <dt>{t.engineView.field.status}</dt>
                    <dd className="mono">{c.Status}</dd>
                  </div>
                  {ports && (
                    <div className="wide">
                      <dt>{t.engineView.field.ports}</dt>
                      <dd className="mono">{ports}</dd>
                    </div>
                  )}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
