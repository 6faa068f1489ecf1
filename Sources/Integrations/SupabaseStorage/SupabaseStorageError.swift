/// Storage's error envelope: `{"statusCode": "404", "error": "not_found", "message": "Object not found"}`.
struct SupabaseStorageError: Decodable {
    var statusCode: String?
    var error: String?
    var message: String?
}
