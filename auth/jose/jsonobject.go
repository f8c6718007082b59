package jose

import (
	"bytes"
	"encoding/json"
)

// orderedObject writes fields as a JSON object in their original order.
func OrderedObject(buf *bytes.Buffer, names []string, values []json.RawMessage) {
	buf.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(n)
		buf.Write(k)
		buf.WriteByte(':')
		if len(values[i]) == 0 {
			buf.WriteString("null")
		} else {
			buf.Write(values[i])
		}
	}
	buf.WriteByte('}')
}

func FieldsObject(buf *bytes.Buffer, fs []Field) {
	names := make([]string, len(fs))
	vals := make([]json.RawMessage, len(fs))
	for i, f := range fs {
		names[i], vals[i] = f.Name, f.Raw
	}
	OrderedObject(buf, names, vals)
}
