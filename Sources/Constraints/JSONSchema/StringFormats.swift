/// The `format` values Swiftlet enforces, as regexes in the supported subset (anchored, ASCII).
///
/// Each is written so that the strings it produces pass common validators (Python `jsonschema` with its format
/// checkers): real calendar dates (leap years included), RFC 3339 times with an offset, RFC 3986 URIs, …
enum StringFormats {
    static let names = ["date", "time", "date-time", "email", "uuid", "ipv4", "ipv6", "uri"]

    private static let year = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
    private static let monthDay =
        "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    private static let leapDay =
        "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29"
    private static let date = "(?:\(year)-\(monthDay)|\(leapDay))"
    private static let time =
        "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
    private static let atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
    private static let label = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    private static let email = "\(atext)+(?:\\.\(atext)+)*@(?:\(label)\\.)+[A-Za-z]{2,24}"
    private static let hex = "[0-9a-fA-F]"
    private static let uuid = "\(hex){8}-\(hex){4}-\(hex){4}-\(hex){4}-\(hex){12}"
    private static let octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    private static let ipv4 = "\(octet)(?:\\.\(octet)){3}"
    private static let h16 = "\(hex){1,4}"
    private static let ipv6 =
        "(?:(?:\(h16):){7}\(h16)|(?:\(h16):){1,7}:|(?:\(h16):){1,6}:\(h16)|(?:\(h16):){1,5}(?::\(h16)){1,2}"
        + "|(?:\(h16):){1,4}(?::\(h16)){1,3}|(?:\(h16):){1,3}(?::\(h16)){1,4}|(?:\(h16):){1,2}(?::\(h16)){1,5}"
        + "|\(h16):(?::\(h16)){1,6}|:(?:(?::\(h16)){1,7}|:))"
    private static let pchar = "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})"
    private static let uri =
        "[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
        + "(?:/\(pchar)*)*(?:\\?(?:\(pchar)|[/?])*)?(?:#(?:\(pchar)|[/?])*)?"

    /// The anchored regex source for a format name, or `nil` when unsupported.
    static func regex(for name: String) -> String? {
        switch name {
        case "date": return "^\(date)$"
        case "time": return "^\(time)$"
        case "date-time": return "^\(date)T\(time)$"
        case "email": return "^\(email)$"
        case "uuid": return "^\(uuid)$"
        case "ipv4": return "^\(ipv4)$"
        case "ipv6": return "^\(ipv6)$"
        case "uri": return "^\(uri)$"
        default: return nil
        }
    }
}
