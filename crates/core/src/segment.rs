//! Customer filters and saved segments (客户群).
//!
//! A [`CustomerFilter`] is the combination of list filters a user picks; a segment saves one under
//! a name. Stored as versioned JSON (`{"v": 1, ...}`); a filter on the dimensions added later —
//! value tier, RFM segment, main product stage, purchase-frequency band, all over the 365 days to
//! today — is written as version 2, so a build that does not know them shows the segment as
//! unreadable instead of ignoring them, while filters without them stay version 1. Loading
//! validates: a filter that no longer parses is an [`ErrorCode::InvalidSegment`], never a silent
//! "match everything".

use serde::{Deserialize, Serialize};

use crate::analytics::abc::AbcTier;
use crate::analytics::behaviour::FrequencyBand;
use crate::analytics::rfm::RfmSegment;
use crate::choice::choice_enum;
use crate::customer::{validate_country, Channel, Lifecycle, PaymentMethod, TAG_MAX};
use crate::error::{ErrorCode, ValidationError};
use crate::product::ProductStage;
use crate::text::{clean, Lines};

/// The newest segment JSON version this build writes and reads.
pub const FILTER_VERSION: u32 = 2;
pub const SEGMENT_NAME_MAX: usize = 100;

choice_enum!(
    /// Domestic or international, relative to the business's home country.
    Scope {
        Domestic => "domestic",
        International => "international",
    }
);

/// Which customers to show. Each list is "any of"; different fields combine with "and".
/// Empty lists and `None` do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CustomerFilter {
    pub tags: Vec<String>,
    pub channels: Vec<Channel>,
    pub payment_methods: Vec<PaymentMethod>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub scope: Option<Scope>,
    pub lifecycles: Vec<Lifecycle>,
    pub owners: Vec<String>,
    /// ABC value tier over the 365 days to today (version 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<AbcTier>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rfm_segments: Vec<RfmSegment>,
    /// The stage of the products the customer mostly buys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_stages: Vec<ProductStage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub frequency_bands: Vec<FrequencyBand>,
}

impl CustomerFilter {
    pub fn is_empty(&self) -> bool {
        self == &CustomerFilter::default()
    }

    /// Filters on a customer's values over the last 365 days (tier, RFM, product stage,
    /// frequency), which need the analysis rather than the stored columns.
    pub fn uses_values(&self) -> bool {
        !(self.tiers.is_empty()
            && self.rfm_segments.is_empty()
            && self.product_stages.is_empty()
            && self.frequency_bands.is_empty())
    }

    /// Normalises and checks the values (country codes, lengths).
    pub fn validate(mut self) -> Result<Self, ValidationError> {
        let opt =
            |field: &'static str, v: Option<String>| -> Result<Option<String>, ValidationError> {
                match v {
                    Some(s) => {
                        let s = clean(field, &s, 100, false, Lines::Single)?;
                        Ok((!s.is_empty()).then_some(s))
                    }
                    None => Ok(None),
                }
            };
        self.country = match self.country {
            Some(c) => {
                let c = validate_country(&c)?;
                (!c.is_empty()).then_some(c)
            }
            None => None,
        };
        self.province = opt("province", self.province)?;
        self.city = opt("city", self.city)?;
        for t in &self.tags {
            clean("tags", t, TAG_MAX, true, Lines::Single)?;
        }
        for o in &self.owners {
            clean("owners", o, 100, true, Lines::Single)?;
        }
        Ok(self)
    }

    /// The stored form: the filter's fields plus `"v"`, the version.
    pub fn to_json(&self) -> String {
        let mut map = serde_json::Map::new();
        map.insert("v".into(), if self.uses_values() { 2 } else { 1 }.into());
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(self) {
            map.extend(fields);
        }
        serde_json::Value::Object(map).to_string()
    }

    /// Reads stored JSON; anything unparseable, of an unknown version or with invalid values is
    /// an `InvalidSegment` error.
    pub fn from_json(json: &str) -> Result<Self, ValidationError> {
        let bad = |why: String| ValidationError::new(ErrorCode::InvalidSegment, "filter", why);
        let mut map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        match map.remove("v").and_then(|v| v.as_u64()) {
            Some(v) if (1..=u64::from(FILTER_VERSION)).contains(&v) => {}
            Some(v) => return Err(bad(format!("unknown segment version {v}"))),
            None => return Err(bad("no version".into())),
        }
        let filter: CustomerFilter = serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| bad(e.to_string()))?;
        filter.validate().map_err(|e| bad(e.to_string()))
    }
}

/// Checks a segment's name.
pub fn validate_segment_name(name: &str) -> Result<String, ValidationError> {
    clean("name", name, SEGMENT_NAME_MAX, true, Lines::Single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_versioned_json() {
        let f = CustomerFilter {
            tags: vec!["quality_first".into()],
            channels: vec![Channel::Distributor],
            scope: Some(Scope::International),
            lifecycles: vec![Lifecycle::AtRisk, Lifecycle::Lost],
            province: Some("广东".into()),
            ..Default::default()
        };
        let json = f.to_json();
        assert!(json.contains("\"v\":1"), "{json}");
        assert_eq!(CustomerFilter::from_json(&json).unwrap(), f);
        // The value dimensions make it version 2.
        let v2 = CustomerFilter {
            tiers: vec![AbcTier::A],
            rfm_segments: vec![RfmSegment::AtRisk],
            product_stages: vec![ProductStage::Decline],
            frequency_bands: vec![FrequencyBand::Rare],
            ..f
        };
        let json = v2.to_json();
        assert!(
            json.contains("\"v\":2") && json.contains("\"tiers\":[\"a\"]"),
            "{json}"
        );
        assert_eq!(CustomerFilter::from_json(&json).unwrap(), v2);
    }

    #[test]
    fn broken_json_is_an_invalid_segment() {
        for bad in [
            "",
            "not json",
            "{\"tags\":[]}",
            "{\"v\":3}",
            "{\"v\":1,\"channels\":[\"telepathy\"]}",
            "{\"v\":1,\"country\":\"XX\"}",
            "{\"v\":1,\"colour\":\"red\"}",
        ] {
            assert_eq!(
                CustomerFilter::from_json(bad).unwrap_err().code,
                ErrorCode::InvalidSegment,
                "{bad}"
            );
        }
        assert_eq!(
            CustomerFilter::from_json("{\"v\":1}").unwrap(),
            CustomerFilter::default()
        );
    }

    #[test]
    fn validate_normalises() {
        let f = CustomerFilter {
            country: Some("cn".into()),
            city: Some("  ".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(f.country.as_deref(), Some("CN"));
        assert_eq!(f.city, None);
        assert_eq!(
            validate_segment_name(" ").unwrap_err().code,
            ErrorCode::Required
        );
    }
}
