internal import Foundation

extension LogitMath {
    /// Plain scalar twins of the vector helpers, written for clarity, not speed. Tests compare the two.
    public enum Reference {
        /// Same contract as `LogitMath.sanitizeAndMax`, one element at a time.
        public static func sanitizeAndMax(_ logits: UnsafeMutableBufferPointer<Float>) -> Float {
            var best = -Float.infinity
            for i in logits.indices {
                if logits[i].isNaN { logits[i] = -.infinity }
                if logits[i] > best { best = logits[i] }
            }
            if best == .infinity {
                for i in logits.indices { logits[i] = logits[i] == .infinity ? 0 : -.infinity }
                best = 0
            }
            return best
        }

        /// The largest value (−∞ for an empty buffer).
        public static func maximum(_ logits: UnsafeBufferPointer<Float>) -> Float {
            logits.reduce(-Float.infinity) { $1 > $0 ? $1 : $0 }
        }

        /// The first index holding exactly `value`.
        public static func firstIndex(of value: Float, in logits: UnsafeBufferPointer<Float>) -> Int? {
            logits.firstIndex(of: value)
        }

        /// `Σ exp((xᵢ − offset) · scale)` with the C library's `exp`, accumulated in `Double`.
        public static func sumExp(_ logits: UnsafeBufferPointer<Float>, offset: Float, scale: Float) -> Double {
            var total: Double = 0
            for x in logits where x > -.infinity {
                total += Foundation.exp(Double((x - offset) * scale))
            }
            return total
        }

        /// `log Σ exp(xᵢ)` in `Double`, shifted by the maximum.
        public static func logSumExp(_ logits: UnsafeBufferPointer<Float>) -> Double {
            let m = maximum(logits)
            guard m > -.infinity else { return -.infinity }
            var total: Double = 0
            for x in logits where x > -.infinity { total += Foundation.exp(Double(x) - Double(m)) }
            return Double(m) + Foundation.log(total)
        }
    }
}

extension LogitMath.Reference {
    /// Same contract as `LogitMath.weightLevels`, with the C library's `exp` in `Double`.
    public static func weightLevels(
        _ logits: UnsafeBufferPointer<Float>, max: Float, invTemperature: Float
    ) -> (total: Double, massAbove: [Double]) {
        let levels = LogitMath.weightLevelExponents
        var mass = [Double](repeating: 0, count: 8)
        var total: Double = 0
        for x in logits where x > -.infinity {
            let a = (x - max) * invTemperature
            let e = Foundation.exp(Double(a))
            total += e
            for k in 0..<8 where a >= levels[k] { mass[k] += e }
        }
        return (total, mass)
    }

    /// Same contract as `LogitMath.countAbove`.
    public static func countAbove(_ logits: UnsafeBufferPointer<Float>, max: Float) -> [Int] {
        let d = LogitMath.countDistances
        return (0..<8).map { k in logits.filter { $0 >= max - d[k] }.count }
    }

    /// Same contract as `LogitMath.drawIndex`, with the C library's `exp` in `Double`.
    public static func drawIndex(
        _ logits: UnsafeBufferPointer<Float>, max: Float, invTemperature: Float, target: Double
    ) -> Int? {
        var running: Double = 0
        var last: Int?
        for (i, x) in logits.enumerated() where x > -.infinity {
            let e = Foundation.exp(Double((x - max) * invTemperature))
            guard e > 0 else { continue }
            running += e
            last = i
            if running > target { return i }
        }
        return last
    }
}
