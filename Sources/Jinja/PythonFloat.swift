/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the decimal exponent is in
/// [-4, 16), otherwise scientific with a signed, at-least-two-digit exponent (`1e-05`, `1e+16`, `0.1`, `2.0`).
enum PythonFloat {
    static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        var out = negative ? "-" : ""
        // pointPosition: value = 0.d1d2d3… × 10^pointPosition
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                out += "0." + String(repeating: "0", count: -pointPosition) + digits
            } else if pointPosition >= digits.count {
                out += digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            } else {
                let split = digits.index(digits.startIndex, offsetBy: pointPosition)
                out += digits[..<split] + "." + digits[split...]
            }
            return out
        }
        let exponent = pointPosition - 1
        out += String(digits.first ?? "0")
        if digits.count > 1 { out += "." + digits.dropFirst() }
        out += exponent < 0 ? "e-" : "e+"
        let magnitude = String(abs(exponent))
        out += magnitude.count < 2 ? "0" + magnitude : magnitude
        return out
    }

    /// The shortest round-trip decimal digits of a finite, non-zero double, and the decimal point position.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        // Swift's description already prints the shortest round-trip digits; only the layout differs from Python.
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fraction)
        var pointPosition = integerPart.count + exponent
        // Drop leading zeros ("0.001" → "1" with the point moved) and trailing zeros.
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (value.sign == .minus, digits, pointPosition)
    }
}
