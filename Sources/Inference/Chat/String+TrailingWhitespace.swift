extension String {
    /// The string without trailing spaces and newlines.
    func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, let c = self[index(before: end)].unicodeScalars.first,
            c == " " || c == "\n" || c == "\t" || c == "\r"
        {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
