import InferenceTypes

/// A schema bound as an exact decimal: sign, integer digits (no leading zeros; `[0]` for zero) and fraction
/// digits (no trailing zeros).
struct DecimalBound: Sendable, Equatable {
    var negative: Bool
    var intDigits: [UInt8]
    var fracDigits: [UInt8]

    var isZero: Bool { intDigits == [0] && fracDigits.isEmpty }

    /// The exact decimal of a JSON number (doubles use their shortest round-trip digits, as Python prints them).
    init?(_ v: JSONValue) {
        switch v {
        case .int(let i):
            self.init(decimalText: String(i))
        case .double(let d):
            guard d.isFinite else { return nil }
            self.init(decimalText: d.description)
        default:
            return nil
        }
    }

    /// Parses `-12.5`, `1e-05`, `1.5e+20`.
    init?(decimalText text: String) {
        var s = Substring(text)
        negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(s[s.index(after: e)...]) else { return nil }
            exponent = x
            s = s[..<e]
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let intPart = Array(parts[0].utf8).map { $0 &- 48 }
        let fracPart = parts.count == 2 ? Array(parts[1].utf8).map { $0 &- 48 } : []
        guard (intPart + fracPart).allSatisfy({ $0 <= 9 }), !(intPart + fracPart).isEmpty else { return nil }
        // digits × 10^(point - count)
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        if point < 0 {
            digits = [UInt8](repeating: 0, count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += [UInt8](repeating: 0, count: point - digits.count) }
        var i = Array(digits[..<point])
        var f = Array(digits[point...])
        while i.count > 1, i.first == 0 { i.removeFirst() }
        if i.isEmpty { i = [0] }
        while f.last == 0 { f.removeLast() }
        intDigits = i
        fracDigits = f
        if isZero { negative = false }
    }
}

/// Grammar expressions for JSON numbers inside bounds, exact on the decimal text (no floating point).
///
/// Each bound is a regular language over decimal strings, built digit by digit; the final language is the
/// intersection of the bounds with the number syntax.
enum NumberRanges {
    private static func digit(_ lo: UInt8, _ hi: UInt8) -> GrammarExpr {
        lo > hi ? .nothing : .chars(CodePointSet([UInt32(lo) + 48...UInt32(hi) + 48]))
    }
    private static let anyDigit = digit(0, 9)
    private static let anyDigits: GrammarExpr = .rep(anyDigit, min: 0, max: nil)
    private static func lit(_ ds: some Collection<UInt8>) -> GrammarExpr { .bytes(ds.map { $0 + 48 }) }
    /// An optional fraction of any digits (the syntax intersection removes a bare `.`).
    private static let anyFraction: GrammarExpr = .optional(.seq([.literal("."), anyDigits]))
    /// Any non-negative decimal text.
    private static let anyMagnitude: GrammarExpr = .seq([.rep(anyDigit, min: 1, max: nil), anyFraction])

    /// Integer digit strings (no leading zeros) with value greater than `li`.
    private static func intGreater(_ li: [UInt8]) -> GrammarExpr {
        let n = li.count
        var branches: [GrammarExpr] = [.seq([digit(1, 9), .rep(anyDigit, min: n, max: nil)])]
        for i in 0..<n where li[i] < 9 {
            branches.append(.seq([lit(li[..<i]), digit(li[i] + 1, 9), .rep(anyDigit, min: n - i - 1, max: n - i - 1)]))
        }
        return .alt(branches)
    }

    /// Integer digit strings (no leading zeros) with value less than `hi`.
    private static func intLess(_ hi: [UInt8]) -> GrammarExpr {
        let n = hi.count
        var branches: [GrammarExpr] = []
        if n >= 2 {
            branches.append(.literal("0"))
            branches.append(.seq([digit(1, 9), .rep(anyDigit, min: 0, max: n - 2)]))
        }
        for i in 0..<n {
            let lower: UInt8 = (i == 0 && n > 1) ? 1 : 0
            if hi[i] >= 1 && lower <= hi[i] - 1 {
                branches.append(.seq([lit(hi[..<i]), digit(lower, hi[i] - 1), .rep(anyDigit, min: n - i - 1, max: n - i - 1)]))
            }
        }
        return .alt(branches)
    }

    /// Fraction digit strings f with 0.f ≥ 0.d (or > when `strict`); `d` has no trailing zeros.
    private static func fracAtLeast(_ d: ArraySlice<UInt8>, strict: Bool) -> GrammarExpr {
        guard let d0 = d.first else {
            return strict ? .seq([anyDigits, digit(1, 9), anyDigits]) : anyDigits
        }
        var branches: [GrammarExpr] = []
        if d0 < 9 { branches.append(.seq([digit(d0 + 1, 9), anyDigits])) }
        branches.append(.seq([lit([d0]), fracAtLeast(d.dropFirst(), strict: strict)]))
        return .alt(branches)
    }

    /// Fraction digit strings f with 0.f ≤ 0.d (or < when `strict`); `d` has no trailing zeros.
    private static func fracAtMost(_ d: ArraySlice<UInt8>, strict: Bool) -> GrammarExpr {
        guard let d0 = d.first else {
            return strict ? .nothing : .rep(lit([0]), min: 0, max: nil)
        }
        var branches: [GrammarExpr] = [.empty]
        if d0 > 0 { branches.append(.seq([digit(0, d0 - 1), anyDigits])) }
        branches.append(.seq([lit([d0]), fracAtMost(d.dropFirst(), strict: strict)]))
        return .alt(branches)
    }

    /// Non-negative decimal texts ≥ b (or > b).
    private static func atLeast(_ b: DecimalBound, strict: Bool) -> GrammarExpr {
        let tail: GrammarExpr
        if b.fracDigits.isEmpty && !strict {
            tail = anyFraction
        } else {
            tail = .seq([.literal("."), fracAtLeast(b.fracDigits[...], strict: strict)])
        }
        return .alt([.seq([intGreater(b.intDigits), anyFraction]), .seq([lit(b.intDigits), tail])])
    }

    /// Non-negative decimal texts ≤ b (or < b).
    private static func atMost(_ b: DecimalBound, strict: Bool) -> GrammarExpr {
        let noFraction: GrammarExpr = (strict && b.fracDigits.isEmpty) ? .nothing : .empty
        let tail: GrammarExpr = .alt([noFraction, .seq([.literal("."), fracAtMost(b.fracDigits[...], strict: strict)])])
        return .alt([.seq([intLess(b.intDigits), anyFraction]), .seq([lit(b.intDigits), tail])])
    }

    /// Signed decimal texts ≥ (or >) `b`.
    static func lower(_ b: DecimalBound, strict: Bool) -> GrammarExpr {
        if !b.negative { return atLeast(b, strict: strict) }
        return .alt([anyMagnitude, .seq([.literal("-"), atMost(b, strict: strict)])])
    }

    /// Signed decimal texts ≤ (or <) `b`.
    static func upper(_ b: DecimalBound, strict: Bool) -> GrammarExpr {
        if b.negative || (b.isZero && strict) {
            return .seq([.literal("-"), atLeast(b, strict: strict)])
        }
        return .alt([.seq([.literal("-"), anyMagnitude]), atMost(b, strict: strict)])
    }

    /// Integer syntax: optional minus, no leading zeros, at most `maxDigits` digits.
    static func integerSyntax(maxDigits: Int) -> GrammarExpr {
        .seq([
            .optional(.literal("-")),
            .alt([.literal("0"), .seq([digit(1, 9), .rep(anyDigit, min: 0, max: maxDigits - 1)])]),
        ])
    }

    /// Plain decimal syntax (no exponent) with at most `maxDigits` digits in total, so that two different texts
    /// never round to the same double (which would break exclusive bounds in validators that use floats).
    static func decimalSyntax(maxDigits: Int) -> GrammarExpr {
        var branches: [GrammarExpr] = []
        for intLen in 1...maxDigits {
            let intPart: GrammarExpr =
                intLen == 1 ? anyDigit : .seq([digit(1, 9), .rep(anyDigit, min: intLen - 1, max: intLen - 1)])
            let frac: GrammarExpr =
                intLen < maxDigits
                ? .optional(.seq([.literal("."), .rep(anyDigit, min: 1, max: maxDigits - intLen)])) : .empty
            branches.append(.seq([intPart, frac]))
        }
        return .seq([.optional(.literal("-")), .alt(branches)])
    }
}
