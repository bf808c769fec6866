// The behaviour suite, continued: concurrent admissions and settlements, idempotent settlement, releasing
// reservations, several stores on one database, and reading the ledger back.
import Storage
import Testing

extension StoreBehaviourTests {
    @Test(arguments: Backend.allCases) func concurrentRequestsNeverOverdraw(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let worst: Int64 = 100
            let initial = 5 * worst
            let key = makeKey("key_busy", credit: initial)
            try await store.insertKey(key)
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let id = "busy-\(index)"
                        guard try await store.admit(makeAdmission(key, id: id, reserve: worst)).isAdmitted else {
                            return false
                        }
                        let cost = Int64(index * 37 % 100 + 1)
                        try await store.settle(
                            reservationID: id, entry: makeEntry(id, keyID: key.id, cost: cost), refundTokens: 0)
                        return true
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let final = try #require(try await store.key(id: key.id)?.creditTicks)
            let totals = try await store.usageTotals(keyID: key.id, since: nil)
            #expect(admitted >= 5)
            #expect(final >= 0)
            #expect(totals.requests == admitted)
            #expect(totals.costTicks == initial - final)
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == final)
        }
    }

    @Test(arguments: Backend.allCases) func settlingTwiceChargesOnce(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = makeKey("key_twice", tpm: 1_000, credit: 1_000)
            try await store.insertKey(key)
            #expect(try await store.admit(makeAdmission(key, id: "msg_1", tokens: 500, reserve: 300)).isAdmitted)
            let entry = makeEntry("msg_1", keyID: key.id, cost: 200)
            async let first: Void = store.settle(reservationID: "msg_1", entry: entry, refundTokens: 100)
            async let second: Void = store.settle(reservationID: "msg_1", entry: entry, refundTokens: 100)
            _ = try await (first, second)
            try await store.settle(reservationID: nil, entry: entry, refundTokens: 100)

            #expect(try await store.usage(keyID: key.id, since: nil, limit: 10) == [entry])
            #expect(try await store.key(id: key.id)?.creditTicks == 800)
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 800)
            // One refund: 500 left after admission, plus 100.
            let probe = try await store.admit(makeAdmission(key, id: "probe", tokens: 0))
            guard case .admitted(nil, let tokens?, true) = probe else {
                Issue.record("expected an admission, got \(probe)")
                return
            }
            #expect(tokens.remaining == 600)

            // Rows of static keys (no key id) are recorded too.
            let anonymous = makeEntry("chatcmpl-static", keyID: nil, cost: 7)
            try await store.settle(reservationID: nil, entry: anonymous, refundTokens: 50)
            #expect(try await store.entry(id: "chatcmpl-static") == anonymous)
        }
    }

    @Test(arguments: Backend.allCases) func releasingReservations(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = makeKey("key_release", credit: 1_000)
            try await store.insertKey(key)
            let reservations = [("mine", "A", t0 + 100_000), ("stale", "B", t0 + 1_000), ("live", "B", t0 + 100_000)]
            for (id, instance, expiry) in reservations {
                let admission = makeAdmission(key, id: id, reserve: 100, instance: instance, expiresAt: expiry)
                #expect(try await store.admit(admission).isAdmitted)
            }
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 700)
            // Expired reservations stop counting at once...
            #expect(try await store.availableCredit(keyID: key.id, now: t0 + 5_000) == 800)
            // ...and a restarting instance drops its own and every expired one.
            try await store.releaseReservations(instance: "A", now: t0 + 5_000)
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 900)
            try await store.release(reservationID: "live")
            try await store.release(reservationID: "live")
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 1_000)
        }
    }

    @Test(arguments: Backend.allCases) func twoStoresShareOneKeysLimits(_ backend: Backend) async throws {
        let database = try TestDatabase(backend)
        let stores = [try database.open(), try database.open()]
        do {
            try await stores[0].migrate()
            try await stores[1].migrate()
            let limited = makeKey("key_shared", rpm: 4)
            let funded = makeKey("key_funded", credit: 300)
            try await stores[0].insertKey(limited)
            try await stores[1].insertKey(funded)
            let (requests, credits) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<10 {
                    let store = stores[index % 2]
                    group.addTask {
                        let byRate = try await store.admit(makeAdmission(limited, id: "rate-\(index)")).isAdmitted
                        let byCredit = try await store.admit(makeAdmission(funded, id: "credit-\(index)", reserve: 100))
                            .isAdmitted
                        return (byRate ? 1 : 0, byCredit ? 1 : 0)
                    }
                }
                return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            }
            #expect(requests == 4)
            #expect(credits == 3)
            #expect(try await stores[0].availableCredit(keyID: funded.id, now: t0) == 0)
        } catch {
            for store in stores { await store.close() }
            try await database.remove()
            throw error
        }
        for store in stores { await store.close() }
        try await database.remove()
    }

    @Test(arguments: Backend.allCases) func ledgerQueriesAndTotals(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.usageTotals(keyID: nil, since: nil) == UsageTotalsRecord())
            let rows = [
                makeEntry("r1", keyID: "key_a", cost: 10, createdAt: t0 + 1, prompt: 1, completion: 2),
                makeEntry("r2", keyID: "key_b", cost: 20, createdAt: t0 + 2, prompt: 3, completion: 4),
                makeEntry("r3", keyID: "key_a", cost: 30, createdAt: t0 + 3, prompt: 5, completion: 6),
                makeEntry("r4", keyID: nil, cost: 40, createdAt: t0 + 4, prompt: 7, completion: 8),
                makeEntry("r5", keyID: "key_a", cost: 50, createdAt: t0 + 5, prompt: 9, completion: 10),
            ]
            // Settled out of order: the ledger sorts by time, not by insertion.
            for row in rows.reversed() { try await store.settle(reservationID: nil, entry: row, refundTokens: 0) }

            #expect(
                try await store.usage(keyID: nil, since: nil, limit: 10).map(\.id) == ["r5", "r4", "r3", "r2", "r1"])
            #expect(try await store.usage(keyID: "key_a", since: nil, limit: 10).map(\.id) == ["r5", "r3", "r1"])
            #expect(try await store.usage(keyID: nil, since: t0 + 3, limit: 10).map(\.id) == ["r5", "r4", "r3"])
            #expect(try await store.usage(keyID: "key_a", since: t0 + 2, limit: 1).map(\.id) == ["r5"])
            #expect(try await store.usage(keyID: nil, since: nil, limit: 0).isEmpty)
            #expect(try await store.entry(id: "r2") == rows[1])
            #expect(try await store.entry(id: "r9") == nil)

            #expect(
                try await store.usageTotals(keyID: "key_a", since: nil)
                    == UsageTotalsRecord(
                        requests: 3, promptTokens: 15, completionTokens: 18, reasoningTokens: 9, costTicks: 90))
            #expect(
                try await store.usageTotals(keyID: nil, since: t0 + 2)
                    == UsageTotalsRecord(
                        requests: 4, promptTokens: 24, completionTokens: 28, reasoningTokens: 12, costTicks: 140))
            #expect(try await store.usageTotals(keyID: "key_missing", since: nil) == UsageTotalsRecord())
        }
    }
}
