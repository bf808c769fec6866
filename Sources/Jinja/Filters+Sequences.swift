/// Filters over sequences and mappings: `length`, `first`, `join`, `map`, `select`, `sort`, `items` ….
///
/// Filters that are generators in jinja2 (`map`, `select*`, `reject*`, `unique`, `batch`, `items`) return lazy
/// iterators here too, so `|length` on them fails and `|list` is needed, exactly as in jinja2.
extension Interpreter {
    func callSequenceFilter(_ name: String, _ value: Value, _ args: CallArguments, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        func bind(_ parameters: [String]) throws(TemplateError) -> [Value?] {
            try args.bind(parameters, function: name, at: location)
        }
        switch name {
        case "batch":
            let a = try bind(["linecount", "fill_with"])
            guard let size = try integer(a[0], location), size > 0 else { throw .runtime("batch size must be positive", location) }
            try Limits.checkWidth(size, location)
            var batches: [Value] = []
            var current: [Value] = []
            for item in try iterate(value, at: location) {
                if current.count == size {
                    batches.append(.array(current))
                    current = []
                }
                current.append(item)
            }
            if !current.isEmpty {
                if let fill = a[1], !fill.isNone, current.count < size {
                    current += [Value](repeating: fill, count: size - current.count)
                }
                batches.append(.array(current))
            }
            return .special(.iterator(batches, .generator("do_batch")))
        case "count", "length":
            _ = try bind([])
            return .int(try length(of: value, at: location))
        case "dictsort":
            let a = try bind(["case_sensitive", "by", "reverse"])
            guard case .object(let dict) = value else {
                throw .runtime("'\(value.pythonTypeName)' object has no attribute 'items'", location)
            }
            let by = a[1]?.pythonString ?? "key"
            guard by == "key" || by == "value" else {
                throw .runtime("You can only sort by either \"key\" or \"value\"", location)
            }
            let caseSensitive = a[0]?.isTruthy ?? false
            let pairs: [Value] = dict.map { .tuple([.string($0.key), $0.value]) }
            let sorted = try stableSort(pairs, reverse: a[2]?.isTruthy ?? false, location) { pair throws(TemplateError) in
                guard case .special(let s) = pair, case .tuple(let kv) = s.kind else { return pair }
                let key = kv[by == "key" ? 0 : 1]
                return caseSensitive ? key : ignoreCase(key)
            }
            return .array(sorted)
        case "first":
            _ = try bind([])
            return try iterate(value, at: location).first ?? .undefined(hint: "No first item, sequence was empty.")
        case "last":
            _ = try bind([])
            if case .special(let s) = value, case .iterator(_, let kind) = s.kind, !kind.hasLength {
                throw .runtime("'\(value.pythonTypeName)' object is not reversible", location)
            }
            return try iterate(value, at: location).last ?? .undefined(hint: "No last item, sequence was empty.")
        case "items":
            _ = try bind([])
            switch value {
            case .undefined: return .special(.iterator([], .generator("do_items")))
            case .object(let dict):
                return .special(.iterator(dict.map { .tuple([.string($0.key), $0.value]) }, .generator("do_items")))
            default: throw .runtime("Can only get item pairs from a mapping.", location)
            }
        case "join":
            let a = try bind(["d", "attribute"])
            var items = try iterate(value, at: location)
            if let attribute = a[1], !attribute.isNone {
                let getter = try attributeGetter(attribute, location)
                var mapped: [Value] = []
                for item in items { mapped.append(try getter(item)) }
                items = mapped
            }
            let separator = a[0]?.pythonString(limit: resultLimit) ?? ""
            let parts = items.lazy.map { [resultLimit] in $0.pythonString(limit: resultLimit) }
            return .string(try PythonString.join(parts, separator: separator, limit: resultLimit, at: location))
        case "list":
            _ = try bind([])
            return .array(try iterate(value, at: location))
        case "map":
            let items = try iterate(value, at: location)
            var mapped: [Value] = []
            if args.positional.isEmpty, let attribute = args.keyword["attribute"] {
                let fallback = args.keyword["default"]
                for key in args.keyword.keys where key != "attribute" && key != "default" {
                    throw .runtime("Unexpected keyword argument '\(key)'", location)
                }
                let getter = try attributeGetter(attribute, location, default: fallback)
                for item in items { mapped.append(try getter(item)) }
            } else {
                guard case .string(let filterName)? = args.positional.first else {
                    throw .runtime("map requires a filter argument", location)
                }
                guard Filters.knownNames.contains(filterName) else {
                    throw .runtime("No filter named '\(filterName)'.", location)
                }
                let rest = CallArguments(positional: Array(args.positional.dropFirst()), keyword: args.keyword)
                for item in items { mapped.append(try callFilter(filterName, item, rest, at: location)) }
            }
            return .special(.iterator(mapped, .generator("sync_do_map")))
        case "max", "min":
            let a = try bind(["case_sensitive", "attribute"])
            let items = try iterate(value, at: location)
            guard var best = items.first else {
                return .undefined(hint: "No aggregated item, sequence was empty.")
            }
            let key = try attributeGetter(a[1], location, ignoreCase: !(a[0]?.isTruthy ?? false))
            var bestKey = try key(best)
            for item in items.dropFirst() {
                let k = try key(item)
                let better = name == "max"
                    ? try Operators.ordered(.greater, k, bestKey, at: location)
                    : try Operators.ordered(.less, k, bestKey, at: location)
                if better {
                    best = item
                    bestKey = k
                }
            }
            return best
        case "reverse":
            _ = try bind([])
            switch value {
            case .string(let s): return .string(PythonString.make(s.unicodeScalars.reversed()))
            case .special(let s):
                if case .iterator(_, let kind) = s.kind, !kind.hasLength {
                    throw .runtime("'\(value.pythonTypeName)' object is not reversible", location)
                }
            default: break
            }
            return .special(.iterator(try iterate(value, at: location).reversed(), .reverseIterator))
        case "select", "reject", "selectattr", "rejectattr":
            let byAttribute = name.hasSuffix("attr")
            var positional = args.positional
            var transform: (Value) throws(TemplateError) -> Value = { v throws(TemplateError) in v }
            if byAttribute {
                guard !positional.isEmpty else { throw .runtime("Missing parameter for attribute name", location) }
                transform = try attributeGetter(positional.removeFirst(), location)
            }
            var testName: String?
            if !positional.isEmpty {
                guard case .string(let t) = positional.removeFirst() else {
                    throw .runtime("test name must be a string", location)
                }
                guard Tests.knownNames.contains(t) else { throw .runtime("No test named '\(t)'.", location) }
                testName = t
            }
            let testArguments = CallArguments(positional: positional, keyword: args.keyword)
            let keep = name.hasPrefix("select")
            var kept: [Value] = []
            for item in try iterate(value, at: location) {
                let subject = try transform(item)
                let passed = try testName.map { t throws(TemplateError) in try runTest(t, subject, testArguments, at: location) }
                    ?? subject.isTruthy
                if passed == keep { kept.append(item) }
            }
            return .special(.iterator(kept, .generator("select_or_reject")))
        case "sort":
            let a = try bind(["reverse", "case_sensitive", "attribute"])
            let key = try attributeGetter(a[2], location, ignoreCase: !(a[1]?.isTruthy ?? false))
            return .array(try stableSort(try iterate(value, at: location), reverse: a[0]?.isTruthy ?? false, location, key: key))
        case "sum":
            let a = try bind(["attribute", "start"])
            let getter = try attributeGetter(a[0], location)
            var total = a[1] ?? .int(0)
            for item in try iterate(value, at: location) {
                total = try charge(
                    try Operators.binary(.add, total, try getter(item), limit: resultLimit, at: location), at: location)
            }
            return total
        case "unique":
            let a = try bind(["case_sensitive", "attribute"])
            let key = try attributeGetter(a[1], location, ignoreCase: !(a[0]?.isTruthy ?? false))
            // Python keeps a set of the keys seen; here they are bucketed by a hash that equal values share, so each
            // item is compared only with the few seen ones in its bucket (comparing with all of them took minutes for
            // 100,000 distinct items).
            var seen: [Int: [Value]] = [:]
            var kept: [Value] = []
            for item in try iterate(value, at: location) {
                let k = try key(item)
                let bucket = Operators.equalityHash(k)
                if seen[bucket]?.contains(where: { Operators.equal($0, k) }) ?? false { continue }
                seen[bucket, default: []].append(k)
                kept.append(item)
            }
            return .special(.iterator(kept, .generator("do_unique")))
        default:
            throw .runtime("the '\(name)' filter is not supported", location)
        }
    }

    /// Python's `len(value)`; undefined has length 0.
    func length(of value: Value, at location: SourceLocation?) throws(TemplateError) -> Int {
        switch value {
        case .undefined: return 0
        case .string(let s): return PythonString.length(s)
        case .array(let items): return items.count
        case .object(let dict): return dict.count
        case .special(let s):
            switch s.kind {
            case .tuple(let items): return items.count
            case .iterator(let items, let kind) where kind.hasLength: return items.count
            default: break
            }
        default: break
        }
        throw .runtime("object of type '\(value.pythonTypeName)' has no len()", location)
    }

    private func ignoreCase(_ v: Value) -> Value {
        if case .string(let s) = v { return .string(PythonString.lower(s)) }
        return v
    }

    /// jinja2's `make_attrgetter`: a dotted path of items/attributes (`"a.b.0"`); nil/none means the item itself.
    func attributeGetter(_ attribute: Value?, _ location: SourceLocation?, default fallback: Value? = nil, ignoreCase: Bool = false)
        throws(TemplateError) -> (Value) throws(TemplateError) -> Value
    {
        var parts: [Value] = []
        switch attribute {
        case nil, .none?: break
        case .string(let path)?:
            parts = PythonString.split(path, separator: ".").map { part in
                if !part.isEmpty, part.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.numericType == .decimal }),
                    let i = Int(part)
                {
                    return .int(i)
                }
                return .string(part)
            }
        case .some(let other): parts = [other]
        }
        return { [self] item throws(TemplateError) in
            var current = item
            for part in parts {
                current = try self.item(of: current, part, at: location)
                if let fallback, !fallback.isNone, current.isUndefined { current = fallback }
            }
            return ignoreCase ? self.ignoreCase(current) : current
        }
    }

    /// A stable merge sort by key with Python ordering (Python's sort is stable; so is this).
    func stableSort(
        _ items: [Value], reverse: Bool, _ location: SourceLocation?, key: (Value) throws(TemplateError) -> Value
    ) throws(TemplateError) -> [Value] {
        var keyed: [(key: Value, item: Value)] = []
        for item in items { keyed.append((try key(item), item)) }
        func less(_ a: Value, _ b: Value) throws(TemplateError) -> Bool {
            reverse ? try Operators.ordered(.less, b, a, at: location) : try Operators.ordered(.less, a, b, at: location)
        }
        var buffer = keyed
        var width = 1
        let n = keyed.count
        while width < n {
            var start = 0
            while start < n {
                let mid = min(start + width, n)
                let end = min(start + 2 * width, n)
                var i = start
                var j = mid
                var k = start
                while i < mid && j < end {
                    if try less(keyed[j].key, keyed[i].key) {
                        buffer[k] = keyed[j]
                        j += 1
                    } else {
                        buffer[k] = keyed[i]
                        i += 1
                    }
                    k += 1
                }
                while i < mid {
                    buffer[k] = keyed[i]
                    i += 1
                    k += 1
                }
                while j < end {
                    buffer[k] = keyed[j]
                    j += 1
                    k += 1
                }
                start = end
            }
            swap(&keyed, &buffer)
            width *= 2
        }
        return keyed.map(\.item)
    }
}
