import Foundation

/// A wall-clock date and time, as Python's naive `datetime.now()` gives it to `strftime_now`.
public struct LocalDateTime: Sendable, Hashable {
    public var year: Int
    /// 1…12
    public var month: Int
    /// 1…31
    public var day: Int
    /// 0…23
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var microsecond: Int

    /// Creates a date-time from its fields.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The current local time of this machine.
    public static func now() -> LocalDateTime {
        let date = Date()
        let c = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        return LocalDateTime(
            year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1, hour: c.hour ?? 0, minute: c.minute ?? 0,
            second: c.second ?? 0, microsecond: (c.nanosecond ?? 0) / 1000)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// 0 = Sunday … 6 = Saturday (C's `tm_wday`).
    var weekday: Int { ((daysSinceEpoch % 7) + 11) % 7 }

    /// 1-based day of the year.
    var dayOfYear: Int {
        daysSinceEpoch - LocalDateTime(year: year, month: 1, day: 1).daysSinceEpoch + 1
    }
}

/// Python's `datetime.strftime` in the C locale.
enum Strftime {
    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    static func format(_ format: String, _ t: LocalDateTime) -> String {
        var out = ""
        let chars = Array(format.unicodeScalars)
        var i = 0
        func pad(_ v: Int, _ width: Int, _ noPad: Bool, _ fill: Character = "0") -> String {
            let s = String(v)
            if noPad || s.count >= width { return s }
            return String(repeating: fill, count: width - s.count) + s
        }
        while i < chars.count {
            guard chars[i] == "%", i + 1 < chars.count else {
                out.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            var j = i + 1
            var noPad = false
            if chars[j] == "-", j + 1 < chars.count {
                noPad = true
                j += 1
            }
            let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
            let weekName = weekdays[t.weekday]
            let monthName = months[max(0, min(11, t.month - 1))]
            switch chars[j] {
            case "a": out += String(weekName.prefix(3))
            case "A": out += weekName
            case "b", "h": out += String(monthName.prefix(3))
            case "B": out += monthName
            case "d": out += pad(t.day, 2, noPad)
            case "e": out += pad(t.day, 2, noPad, " ")
            case "H": out += pad(t.hour, 2, noPad)
            case "I": out += pad(hour12, 2, noPad)
            case "j": out += pad(t.dayOfYear, 3, noPad)
            case "m": out += pad(t.month, 2, noPad)
            case "M": out += pad(t.minute, 2, noPad)
            case "S": out += pad(t.second, 2, noPad)
            case "f": out += pad(t.microsecond, 6, noPad)
            case "p": out += t.hour < 12 ? "AM" : "PM"
            case "y": out += pad(((t.year % 100) + 100) % 100, 2, noPad)
            case "Y": out += String(t.year)
            case "w": out += String(t.weekday)
            case "u": out += String(t.weekday == 0 ? 7 : t.weekday)
            case "F": out += "\(t.year)-\(pad(t.month, 2, false))-\(pad(t.day, 2, false))"
            case "T": out += "\(pad(t.hour, 2, false)):\(pad(t.minute, 2, false)):\(pad(t.second, 2, false))"
            case "R": out += "\(pad(t.hour, 2, false)):\(pad(t.minute, 2, false))"
            case "D": out += "\(pad(t.month, 2, false))/\(pad(t.day, 2, false))/\(pad(t.year % 100, 2, false))"
            case "c":
                out += "\(weekName.prefix(3)) \(monthName.prefix(3)) \(pad(t.day, 2, false, " ")) "
                out += "\(pad(t.hour, 2, false)):\(pad(t.minute, 2, false)):\(pad(t.second, 2, false)) \(t.year)"
            case "x": out += "\(pad(t.month, 2, false))/\(pad(t.day, 2, false))/\(pad(t.year % 100, 2, false))"
            case "X": out += "\(pad(t.hour, 2, false)):\(pad(t.minute, 2, false)):\(pad(t.second, 2, false))"
            case "z", "Z": break  // naive datetime: empty
            case "%": out += "%"
            case "n": out += "\n"
            case "t": out += "\t"
            default:
                out.unicodeScalars.append(contentsOf: chars[i...j])
            }
            i = j + 1
        }
        return out
    }
}
