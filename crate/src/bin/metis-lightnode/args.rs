//! Command-line flags: `--name value` pairs (repeatable), switches without a value, and positional
//! arguments.

use std::collections::HashMap;

/// Parsed flags and positionals.
#[derive(Debug, Default)]
pub struct Args {
    flags: HashMap<String, Vec<String>>,
    /// Arguments that are not flags, in order.
    pub positional: Vec<String>,
}

/// Flags that take no value.
const SWITCHES: [&str; 3] = ["execute", "allow-old-checkpoint", "validate"];

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut out = Self::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            match arg.strip_prefix("--") {
                Some(name) if SWITCHES.contains(&name) => {
                    out.flags.entry(name.to_owned()).or_default().push("true".into());
                }
                Some(name) => {
                    let value = iter.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    out.flags.entry(name.to_owned()).or_default().push(value.clone());
                }
                None => out.positional.push(arg.clone()),
            }
        }
        Ok(out)
    }

    /// Every value of a repeatable flag.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.flags.get(name).cloned().unwrap_or_default()
    }

    /// The value of a flag given once.
    pub fn one(&self, name: &str) -> Result<String, String> {
        self.flags.get(name).and_then(|v| v.last()).cloned().ok_or_else(|| format!("--{name} is required"))
    }

    /// Whether a switch was given.
    pub fn switch(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    /// An optional flag.
    pub fn opt(&self, name: &str) -> Option<String> {
        self.flags.get(name).and_then(|v| v.last()).cloned()
    }
}
