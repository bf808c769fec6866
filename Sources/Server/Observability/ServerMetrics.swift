import CoreMetrics
import Foundation
import InferenceTypes
import Prometheus
import Synchronization

/// The server's Prometheus metrics: swift-metrics instruments made by a `PrometheusMetricsFactory` over this
/// server's own registry (no global bootstrap, so several servers in one process, as in tests, keep apart), and the
/// engines' load read from the inference service when `/metrics` is scraped.
///
/// Names (all prefixed `swiftlet_`; labels bounded: routes are patterns, models are served ids):
/// - `http_requests_total{route,status,model}`, `http_request_duration_seconds{route}` (to the last byte);
/// - `time_to_first_token_seconds{model}`;
/// - `prompt_tokens_total`, `cached_prompt_tokens_total`, `completion_tokens_total`, `reasoning_tokens_total`
///   (`{model}`), `constrained_requests_total{model}`;
/// - `rejected_requests_total{reason}`: `auth`, `forbidden`, `rate_limit`, `credits`, `validation`,
///   `model_not_found`, `overloaded`, `too_large`;
/// - per model, at scrape time: `queue_depth`, `busy_slots`, `slots`, `kv_cache_bytes_in_use`,
///   `prompt_cache_hits_total`, `prompt_cache_reused_tokens_total`;
/// - `open_connections`, `refused_connections_total` (over `maxConnections`).
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    static let durationBuckets: [Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300].map { .milliseconds(Int64($0 * 1000)) }
    static let ttftBuckets: [Duration] = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30].map { .milliseconds(Int64($0 * 1000)) }

    init() {
        registry = PrometheusCollectorRegistry()
        var f = PrometheusMetricsFactory(registry: registry)
        f.durationHistogramBuckets = [
            "swiftlet_http_request_duration_seconds": Self.durationBuckets,
            "swiftlet_time_to_first_token_seconds": Self.ttftBuckets,
        ]
        factory = f
    }

    /// Records one finished request.
    func record(route: String, status: Int, duration: Duration, _ r: RequestRecord.State) {
        let model = r.modelID ?? "none"
        Counter(label: "swiftlet_http_requests_total",
            dimensions: [("route", route), ("status", String(status)), ("model", model)], factory: factory).increment()
        Timer(label: "swiftlet_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Self.nanoseconds(duration))
        if let reason = r.rejection {
            Counter(label: "swiftlet_rejected_requests_total", dimensions: [("reason", reason)], factory: factory).increment()
        }
        guard let id = r.modelID else { return }
        if let ttft = r.ttftMs {
            Timer(label: "swiftlet_time_to_first_token_seconds", dimensions: [("model", id)], factory: factory)
                .recordMilliseconds(ttft)
        }
        if let u = r.usage {
            for (name, value) in [
                ("swiftlet_prompt_tokens_total", u.promptTokens), ("swiftlet_cached_prompt_tokens_total", u.cachedPromptTokens),
                ("swiftlet_completion_tokens_total", u.completionTokens), ("swiftlet_reasoning_tokens_total", u.reasoningTokens),
            ] {
                Counter(label: name, dimensions: [("model", id)], factory: factory).increment(by: value)
            }
        }
        if r.constrained {
            Counter(label: "swiftlet_constrained_requests_total", dimensions: [("model", id)], factory: factory).increment()
        }
    }

    /// The Prometheus text exposition, with the engines' load as of now.
    func exposition(engines: [String: EngineStatistics], connections: (open: Int, refused: Int) = (0, 0)) -> [UInt8] {
        Gauge(label: "swiftlet_open_connections", factory: factory).record(connections.open)
        advance("swiftlet_refused_connections_total", model: nil, to: connections.refused)
        for (model, s) in engines {
            let labels = [("model", model)]
            Gauge(label: "swiftlet_queue_depth", dimensions: labels, factory: factory).record(s.waiting)
            Gauge(label: "swiftlet_busy_slots", dimensions: labels, factory: factory).record(s.running)
            Gauge(label: "swiftlet_slots", dimensions: labels, factory: factory).record(s.slots)
            Gauge(label: "swiftlet_kv_cache_bytes_in_use", dimensions: labels, factory: factory).record(s.kvBytesInUse)
            // The engine keeps running totals; Prometheus counters only go up, so each scrape adds what is new.
            advance("swiftlet_prompt_cache_hits_total", model: model, to: s.promptCacheHits)
            advance("swiftlet_prompt_cache_reused_tokens_total", model: model, to: s.promptCacheReusedTokens)
        }
        return registry.emitToBuffer()
    }

    private let lastTotals = Mutex<[String: Int]>([:])

    private func advance(_ name: String, model: String?, to total: Int) {
        let delta = lastTotals.withLock { seen -> Int in
            let key = name + "\u{0}" + (model ?? "")
            let d = max(0, total - (seen[key] ?? 0))
            seen[key] = max(total, seen[key] ?? 0)
            return d
        }
        let counter = registry.makeCounter(name: name, labels: model.map { [("model", $0)] } ?? [])
        if delta > 0 { counter.increment(by: Int64(delta)) }
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
