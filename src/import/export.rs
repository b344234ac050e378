//! Model -> AWS CLI captures (the inverse of import).
