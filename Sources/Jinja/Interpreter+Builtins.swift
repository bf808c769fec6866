/// The global functions: `range`, `namespace`, `dict`, and Hugging Face's `raise_exception` and `strftime_now`.
extension Interpreter {
    /// jinja2's sandbox refuses ranges longer than this.
    static let maxRange = 100_000

    func callBuiltin(_ function: BuiltinFunction, _ args: CallArguments, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        switch function {
        case .range:
            guard args.keyword.isEmpty else { throw .runtime("range() takes no keyword arguments", location) }
            var bounds: [Int] = []
            for v in args.positional {
                guard let i = try integer(v, location) else {
                    throw .runtime("'NoneType' object cannot be interpreted as an integer", location)
                }
                bounds.append(i)
            }
            let (start, stop, step): (Int, Int, Int)
            switch bounds.count {
            case 1: (start, stop, step) = (0, bounds[0], 1)
            case 2: (start, stop, step) = (bounds[0], bounds[1], 1)
            case 3: (start, stop, step) = (bounds[0], bounds[1], bounds[2])
            default: throw .runtime("range expected 1 to 3 arguments, got \(bounds.count)", location)
            }
            if step == 0 { throw .runtime("range() arg 3 must not be zero", location) }
            // The exact length, computed on magnitudes so that extreme bounds cannot overflow.
            var count = 0
            if (step > 0 && stop > start) || (step < 0 && start > stop) {
                let span = step > 0 ? UInt(bitPattern: stop &- start) : UInt(bitPattern: start &- stop)
                let stride = step.magnitude
                let length = span / stride + (span % stride == 0 ? 0 : 1)
                count = length > UInt(Interpreter.maxRange) ? Interpreter.maxRange + 1 : Int(length)
            }
            if count > Interpreter.maxRange {
                throw .runtime(
                    "Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(Interpreter.maxRange)).", location)
            }
            // Every element lies between start and stop, so wrapping arithmetic gives the exact value.
            return .array((0..<count).map { .int(start &+ $0 &* step) })
        case .namespace:
            var attributes = ValueDictionary()
            for v in args.positional {
                guard case .object(let dict) = v else {
                    throw .runtime("namespace() positional arguments must be mappings", location)
                }
                for (k, x) in dict { attributes[k] = x }
            }
            for (k, x) in args.keyword { attributes[k] = x }
            namespaces.append(attributes)
            return .special(.namespace(namespaces.count - 1))
        case .dict:
            var result = ValueDictionary()
            for v in args.positional {
                guard case .object(let dict) = v else { throw .runtime("dict() positional arguments must be mappings", location) }
                for (k, x) in dict { result[k] = x }
            }
            for (k, x) in args.keyword { result[k] = x }
            return .object(result)
        case .raiseException:
            let a = try args.bind(["message"], function: "raise_exception", at: location)
            throw TemplateError(.raised, a[0]?.pythonString ?? "", at: location)
        case .strftimeNow:
            let a = try args.bind(["format"], function: "strftime_now", at: location)
            guard case .string(let format)? = a[0] else {
                throw .runtime("strftime_now() argument must be a format string", location)
            }
            return .string(Strftime.format(format, environment.now()))
        case .joiner, .cycler, .lipsum:
            throw .runtime("the global '\(function.rawValue)' is not supported", location)
        }
    }
}
