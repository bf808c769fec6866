// The store's behaviour, checked identically on SQLite and PostgreSQL: keys, rate limits and credit admission. The
// concurrency, settlement and ledger cases continue in StoreBehaviourTests+Billing.swift.
import Storage
import Testing

@Suite struct StoreBehaviourTests {
    @Test(arguments: Backend.allCases) func migratingAgainChangesNothing(_ backend: Backend) async throws {
        let database = try TestDatabase(backend)
        let first = try database.open()
        let second = try database.open()
        // Two stores (as two processes) migrating a new database at once, then once more each.
        async let a: Void = first.migrate()
        async let b: Void = second.migrate()
        _ = try await (a, b)
        try await first.migrate()
        try await first.insertKey(makeKey("key_a"))
        try await second.migrate()
        #expect(try await second.keys().map(\.id) == ["key_a"])
        await first.close()
        await second.close()
        try await database.remove()
    }

    @Test(arguments: Backend.allCases) func keys(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let admin = makeKey("key_b", models: ["smollm2", "qwen é"], isAdmin: true, createdAt: t0 + 1)
            let metered = makeKey("key_a", rpm: 60, tpm: 10_000, credit: 5_000, models: [], createdAt: t0 + 1)
            let first = makeKey("key_z", createdAt: t0)
            for key in [admin, metered, first] { try await store.insertKey(key) }

            #expect(try await store.key(id: "key_b") == admin)
            #expect(try await store.key(digest: "digest-key_a") == metered)
            #expect(try await store.key(id: "key_missing") == nil)
            #expect(try await store.key(digest: "digest-missing") == nil)
            // Oldest first, ties by id.
            #expect(try await store.keys() == [first, metered, admin])

            // A digest is unique.
            var clash = makeKey("key_c")
            clash.digest = admin.digest
            await #expect(throws: StoreError.self) { try await store.insertKey(clash) }

            #expect(try await store.revokeKey(id: "key_b", at: t0 + 10))
            #expect(try await store.revokeKey(id: "key_b", at: t0 + 20))
            #expect(try await store.key(id: "key_b")?.revokedAt == t0 + 10)
            #expect(try await store.revokeKey(id: "key_missing", at: t0) == false)

            #expect(try await store.topUp(id: "key_a", ticks: 1_000)?.creditTicks == 6_000)
            // A key without a balance gets one.
            #expect(try await store.topUp(id: "key_z", ticks: 250)?.creditTicks == 250)
            #expect(try await store.key(id: "key_z")?.creditTicks == 250)
            #expect(try await store.topUp(id: "key_missing", ticks: 1) == nil)
        }
    }

    @Test(arguments: Backend.allCases) func requestsPerMinute(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = makeKey("key_rpm", rpm: 3, credit: 1_000)
            try await store.insertKey(key)
            for (index, remaining) in [2, 1, 0].enumerated() {
                let decision = try await store.admit(makeAdmission(key, id: "r\(index)", reserve: 10))
                let state = BucketState(limit: 3, remaining: remaining, resetMs: Int64(3 - remaining) * 20_000)
                #expect(decision == .admitted(requests: state, tokens: nil, reserved: true))
            }
            let full = BucketState(limit: 3, remaining: 0, resetMs: 60_000)
            let refused = try await store.admit(makeAdmission(key, id: "r3", reserve: 10))
            #expect(
                refused
                    == .rateLimited(kind: .requests, retryAfterMs: 20_000, requests: full, tokens: nil, tooLarge: false)
            )
            // A refusal reserves nothing.
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 970)

            let early = try await store.admit(makeAdmission(key, id: "r4", reserve: 10, now: t0 + 19_000))
            guard case .rateLimited(.requests, let retry, _, _, false) = early else {
                Issue.record("expected a requests limit, got \(early)")
                return
            }
            #expect(retry == 1_000)
            let later = try await store.admit(makeAdmission(key, id: "r5", reserve: 10, now: t0 + 20_000))
            #expect(later == .admitted(requests: full, tokens: nil, reserved: true))
            // A minute on, the bucket is full again.
            let refilled = try await store.admit(makeAdmission(key, id: "r6", now: t0 + 80_000))
            #expect(
                refilled
                    == .admitted(
                        requests: BucketState(limit: 3, remaining: 2, resetMs: 20_000), tokens: nil, reserved: true))
        }
    }

    @Test(arguments: Backend.allCases) func tokensPerMinute(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = makeKey("key_tpm", rpm: 100, tpm: 1_000)
            try await store.insertKey(key)
            let fullRequests = BucketState(limit: 100, remaining: 100, resetMs: 0)

            // More than the whole minute's budget can never pass, and takes nothing.
            let tooLarge = try await store.admit(makeAdmission(key, id: "a", tokens: 1_001))
            #expect(
                tooLarge
                    == .rateLimited(
                        kind: .tokens, retryAfterMs: 60_000, requests: fullRequests,
                        tokens: BucketState(limit: 1_000, remaining: 1_000, resetMs: 0), tooLarge: true))

            let first = try await store.admit(makeAdmission(key, id: "b", tokens: 600))
            let after = BucketState(limit: 1_000, remaining: 400, resetMs: 36_000)
            #expect(
                first
                    == .admitted(
                        requests: BucketState(limit: 100, remaining: 99, resetMs: 600), tokens: after, reserved: false))

            // 200 short: 200 tokens refill in 12 s. The request bucket is left as it was.
            let short = try await store.admit(makeAdmission(key, id: "c", tokens: 600))
            #expect(
                short
                    == .rateLimited(
                        kind: .tokens, retryAfterMs: 12_000,
                        requests: BucketState(limit: 100, remaining: 99, resetMs: 600), tokens: after, tooLarge: false))

            let retried = try await store.admit(makeAdmission(key, id: "d", tokens: 600, now: t0 + 12_000))
            #expect(
                retried
                    == .admitted(
                        requests: BucketState(limit: 100, remaining: 99, resetMs: 600),
                        tokens: BucketState(limit: 1_000, remaining: 0, resetMs: 60_000), reserved: false))

            // Settling gives back what the request did not use.
            try await store.settle(reservationID: "d", entry: makeEntry("d", keyID: key.id, cost: 0), refundTokens: 250)
            let probe = try await store.admit(makeAdmission(key, id: "e", tokens: 0, now: t0 + 12_000))
            guard case .admitted(_, let tokens?, false) = probe else {
                Issue.record("expected an admission, got \(probe)")
                return
            }
            #expect(tokens == BucketState(limit: 1_000, remaining: 250, resetMs: 45_000))
        }
    }

    @Test(arguments: Backend.allCases) func credit(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = makeKey("key_credit", credit: 1_000)
            try await store.insertKey(key)
            #expect(
                try await store.admit(makeAdmission(key, id: "a", reserve: 400))
                    == .admitted(requests: nil, tokens: nil, reserved: true))
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 600)
            #expect(
                try await store.admit(makeAdmission(key, id: "b", reserve: 700))
                    == .insufficientCredit(availableTicks: 600))
            #expect(try await store.admit(makeAdmission(key, id: "c", reserve: 600)).isAdmitted)
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 0)
            // Nothing left: even a free request is refused.
            #expect(
                try await store.admit(makeAdmission(key, id: "d", reserve: 0)) == .insufficientCredit(availableTicks: 0)
            )

            // Settling charges exactly the cost and frees the reservation.
            try await store.settle(reservationID: "a", entry: makeEntry("a", keyID: key.id, cost: 150), refundTokens: 0)
            #expect(try await store.key(id: key.id)?.creditTicks == 850)
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 250)
            try await store.release(reservationID: "c")
            #expect(try await store.availableCredit(keyID: key.id, now: t0) == 850)
            #expect(try await store.key(id: key.id)?.creditTicks == 850)

            // A key without a balance is never refused for credit, and its cost goes to the ledger only.
            let open = makeKey("key_open")
            try await store.insertKey(open)
            #expect(
                try await store.admit(makeAdmission(open, id: "e", reserve: 10_000))
                    == .admitted(requests: nil, tokens: nil, reserved: false))
            #expect(try await store.availableCredit(keyID: open.id, now: t0) == nil)
            try await store.settle(reservationID: "e", entry: makeEntry("e", keyID: open.id, cost: 99), refundTokens: 0)
            #expect(try await store.key(id: open.id)?.creditTicks == nil)
            #expect(try await store.entry(id: "e")?.costTicks == 99)

            let overdrawn = makeKey("key_overdrawn", credit: -5)
            try await store.insertKey(overdrawn)
            #expect(try await store.admit(makeAdmission(overdrawn, id: "f")) == .insufficientCredit(availableTicks: -5))

            var ghost = makeAdmission(key, id: "g")
            ghost.keyID = "key_missing"
            #expect(try await store.admit(ghost) == .unknownKey)
            #expect(try await store.availableCredit(keyID: "key_missing", now: t0) == nil)
        }
    }
}
