//! The RPC server's table of functions: registered by name, called with
//! arguments that arrive as bytes, answered with a result or an error.
//!
//! The notebook's `RPCServer` keeps `{name: function}` and calls
//! `self._functions[func_name](*args, **kwargs)`; anything that goes wrong
//! (an unknown name, wrong arguments, an exception) is sent back as the
//! exception object. Here each function is registered with its argument
//! and result types, and the registry wraps it in a function from bytes
//! to bytes that:
//!
//! - checks that the caller meant the same argument type (the request
//!   carries its type's name: postcard is not self-describing, so the
//!   bytes of `("ab", 3)` could otherwise decode as two integers);
//! - decodes the arguments, all of them and nothing more;
//! - calls the function, catching a panic;
//! - encodes the result.
//!
//! Every failure is an [`RpcError`] value sent back to the caller; none
//! ends the server. The file stands alone (it is an exercise).

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

// ANCHOR: messages
/// A call: which function, the name of the arguments' type, the arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The registered name, e.g. `"add"`.
    pub method: String,
    /// `std::any::type_name` of the arguments' type, e.g. `"(i64, i64)"`.
    pub arg_type: String,
    /// The arguments, encoded with postcard.
    pub args: Vec<u8>,
}

/// Why a call failed; sent back to the caller instead of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RpcError {
    /// No function has this name.
    UnknownMethod(String),
    /// The arguments are not what the function takes.
    BadArguments { method: String, why: String },
    /// The function returned an error or panicked.
    Failed { method: String, why: String },
}

/// The answer to a call: the encoded result, or why there is none.
pub type Reply = Result<Vec<u8>, RpcError>;
// ANCHOR_END: messages

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RpcError::UnknownMethod(m) => write!(f, "no function named {m:?}"),
            RpcError::BadArguments { method, why } => write!(f, "{method}: bad arguments: {why}"),
            RpcError::Failed { method, why } => write!(f, "{method} failed: {why}"),
        }
    }
}

impl std::error::Error for RpcError {}

/// A registered function, from encoded arguments to a reply.
type Function = Box<dyn Fn(&[u8]) -> Reply + Send + Sync>;

/// The functions a server offers, by name.
#[derive(Default)]
pub struct Registry {
    /// Each function, wrapped to take and give bytes.
    functions: HashMap<String, Function>,
    /// Each function's argument type name, checked against the request's.
    arg_types: HashMap<String, &'static str>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    // ANCHOR: register
    /// Offers `f` under `name`. It takes an `A` (a tuple for several
    /// arguments) and returns an `R` or an error message.
    pub fn register<A, R, F>(&mut self, name: &str, f: F)
    where
        A: DeserializeOwned + 'static,
        R: Serialize + 'static,
        F: Fn(A) -> Result<R, String> + Send + Sync + 'static,
    {
        let method = name.to_string();
        let wrapped = move |bytes: &[u8]| -> Reply {
            // exercise: solution
            let bad = |why: String| RpcError::BadArguments { method: method.clone(), why };
            let failed = |why: String| RpcError::Failed { method: method.clone(), why };
            let (args, rest) =
                postcard::take_from_bytes::<A>(bytes).map_err(|e| bad(e.to_string()))?;
            if !rest.is_empty() {
                return Err(bad(format!("{} bytes left over after the arguments", rest.len())));
            }
            let result = match catch_unwind(AssertUnwindSafe(|| f(args))) {
                Ok(Ok(r)) => r,
                Ok(Err(why)) => return Err(failed(why)),
                Err(panic) => return Err(failed(format!("panicked: {}", panic_text(&*panic)))),
            };
            postcard::to_allocvec(&result)
                .map_err(|e| failed(format!("result does not encode: {e}")))
            // exercise: starter
            // let _ = (bytes, &method, &f, catch_unwind::<fn() -> R, R>, panic_text);
            // todo!("decode the arguments, call f, catch a panic, encode the result")
            // exercise: end
        };
        self.functions.insert(name.to_string(), Box::new(wrapped));
        self.arg_types.insert(name.to_string(), std::any::type_name::<A>());
    }
    // ANCHOR_END: register

    // ANCHOR: call
    /// Runs one request: the reply to send back, never a panic.
    pub fn call(&self, request: &Request) -> Reply {
        // exercise: solution
        let Some(function) = self.functions.get(&request.method) else {
            return Err(RpcError::UnknownMethod(request.method.clone()));
        };
        let expected = self.arg_types[&request.method];
        if request.arg_type != expected {
            let why = format!("it takes {expected}, got {}", request.arg_type);
            return Err(RpcError::BadArguments { method: request.method.clone(), why });
        }
        function(&request.args)
        // exercise: starter
        // let _ = (request, &self.functions, &self.arg_types);
        // todo!("look the function up, check the argument type, call it")
        // exercise: end
    }
    // ANCHOR_END: call

    /// The names offered, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.functions.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// The request for calling `method` with `args`.
pub fn request<A: Serialize>(method: &str, args: &A) -> Request {
    Request {
        method: method.to_string(),
        arg_type: std::any::type_name::<A>().to_string(),
        args: postcard::to_allocvec(args).expect("arguments encode"),
    }
}

/// A panic's message, if it has one.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic without a message".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arithmetic() -> Registry {
        let mut r = Registry::new();
        r.register("add", |(x, y): (i64, i64)| Ok(x + y));
        r.register("sub", |(x, y): (i64, i64)| {
            x.checked_sub(y).ok_or_else(|| "overflow".to_string())
        });
        r.register("boom", |(): ()| -> Result<(), String> { panic!("on purpose") });
        r
    }

    fn result<R: DeserializeOwned>(reply: Reply) -> R {
        postcard::from_bytes(&reply.expect("a result")).expect("a result that decodes")
    }

    #[test]
    fn a_registered_function_is_called_with_its_arguments() {
        let r = arithmetic();
        assert_eq!(result::<i64>(r.call(&request("add", &(2i64, 3i64)))), 5);
        assert_eq!(result::<i64>(r.call(&request("sub", &(2i64, 3i64)))), -1);
    }

    #[test]
    fn an_unknown_name_is_an_error() {
        let reply = arithmetic().call(&request("mul", &(2i64, 3i64)));
        assert_eq!(reply, Err(RpcError::UnknownMethod("mul".into())));
    }

    #[test]
    fn arguments_of_another_type_are_refused() {
        // The notebook's c.sub([1, 2], 4).
        let reply = arithmetic().call(&request("sub", &(vec![1i64, 2], 4i64)));
        assert!(
            matches!(reply, Err(RpcError::BadArguments { ref method, .. }) if method == "sub"),
            "{reply:?}"
        );
    }

    #[test]
    fn bytes_that_are_not_the_arguments_are_refused() {
        let r = arithmetic();
        let mut short = request("add", &(2i64, 3i64));
        short.args.truncate(1);
        assert!(matches!(r.call(&short), Err(RpcError::BadArguments { .. })));
        let mut long = request("add", &(2i64, 3i64));
        long.args.push(7);
        assert!(matches!(r.call(&long), Err(RpcError::BadArguments { .. })));
    }

    #[test]
    fn a_failing_function_returns_its_error() {
        let reply = arithmetic().call(&request("sub", &(i64::MIN, 1i64)));
        assert_eq!(reply, Err(RpcError::Failed { method: "sub".into(), why: "overflow".into() }));
    }

    #[test]
    fn a_panicking_function_is_an_error_and_the_registry_goes_on() {
        let r = arithmetic();
        let reply = r.call(&request("boom", &()));
        assert!(
            matches!(reply, Err(RpcError::Failed { ref why, .. }) if why.contains("on purpose")),
            "{reply:?}"
        );
        assert_eq!(result::<i64>(r.call(&request("add", &(1i64, 1i64)))), 2);
    }
}
