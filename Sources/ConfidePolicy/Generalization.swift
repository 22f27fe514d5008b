/// How a generalized field is coarsened before it is stored.
public enum Generalization: Hashable, Sendable, Codable {
    /// An age in years becomes the bucket holding it, `width` years wide (`30-39` for width 10).
    case ageBucket(width: Int)
    /// A postal code keeps only its first `length` characters.
    case zipPrefix(length: Int)
    /// A timestamp keeps only its day or month (UTC).
    case timestamp(TimestampPrecision)
    /// An IP address is truncated to its network: `/ipv4` bits for IPv4, `/ipv6` bits for IPv6.
    case ipPrefix(ipv4: Int, ipv6: Int)

    /// The precision a generalized timestamp keeps.
    public enum TimestampPrecision: String, CaseIterable, Hashable, Sendable, Codable {
        /// `YYYY-MM-DD`.
        case day
        /// `YYYY-MM`.
        case month
    }
}
