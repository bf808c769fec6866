public import InferenceTypes

/// The bodies of the stored-response routes besides the response itself: a page of input items
/// (`GET /v1/responses/{id}/input_items`) and the deletion confirmation.
public enum ResponseItemPage {
    /// A `list` object of `items` (each with an `id`): `limit` (1…100, default 20) items in `order` (`asc` or
    /// `desc`, default `desc`: newest first), starting after the item whose id is `after`. The arguments are the raw
    /// query parameters; a bad one is an error naming it.
    public static func json(items: [JSONValue], limit: String?, order: String?, after: String?) throws(JSONFieldError)
        -> JSONValue
    {
        var count = 20
        if let limit {
            guard let n = Int(limit), (1...100).contains(n) else {
                throw .invalid("limit", "must be an integer from 1 to 100, got `\(limit)`")
            }
            count = n
        }
        var ordered = items
        switch order ?? "desc" {
        case "desc": ordered.reverse()
        case "asc": break
        case let other: throw .invalid("order", "must be `asc` or `desc`, got `\(other)`")
        }
        if let after {
            guard let i = ordered.firstIndex(where: { $0["id"]?.stringValue == after }) else {
                throw .invalid("after", "no input item of this response has the id `\(after)`")
            }
            ordered.removeFirst(i + 1)
        }
        let page = Array(ordered.prefix(count))
        return .makeObject([
            ("object", "list"), ("data", .array(page)),
            ("first_id", page.first?["id"] ?? .null), ("last_id", page.last?["id"] ?? .null),
            ("has_more", .bool(ordered.count > page.count)),
        ])
    }

    /// `{id, object: "response", deleted: true}`.
    public static func deleted(id: String) -> JSONValue {
        .makeObject([("id", .string(id)), ("object", "response"), ("deleted", true)])
    }
}
