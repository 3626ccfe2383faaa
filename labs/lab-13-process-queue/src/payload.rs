//! [`Payload`]: bytes that serde writes as one block.
//!
//! serde writes a `Vec<u8>` as a sequence of numbers, one call per byte;
//! a format that has a "bytes" type (postcard does: a length, then the
//! bytes) can copy a block in one go if the type asks for it with
//! `serialize_bytes`. The `serde_bytes` crate does this; the few lines here
//! do the same for the one type the lab sends.

use serde::de::{Deserializer, Error, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A message's bytes, serialized as one block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Payload(pub Vec<u8>);

impl Serialize for Payload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Payload, D::Error> {
        struct Block;
        impl<'de> Visitor<'de> for Block {
            type Value = Payload;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a block of bytes")
            }
            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Payload, E> {
                Ok(Payload(v.to_vec()))
            }
            fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Payload, E> {
                Ok(Payload(v))
            }
        }
        d.deserialize_byte_buf(Block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_is_its_length_and_its_bytes() {
        let bytes = postcard::to_allocvec(&Payload(vec![7; 300])).unwrap();
        assert_eq!(bytes.len(), 2 + 300, "a 2-byte varint length, then the block");
        assert_eq!(postcard::from_bytes::<Payload>(&bytes).unwrap(), Payload(vec![7; 300]));
    }
}
