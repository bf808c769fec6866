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
